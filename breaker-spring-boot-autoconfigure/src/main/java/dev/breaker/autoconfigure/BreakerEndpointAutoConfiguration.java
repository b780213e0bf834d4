package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.actuate.CircuitBreakersEndpointWebExtension;
import dev.breaker.shared.FleetSyncStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code circuitbreakers} actuator endpoint, when the actuator is present and the endpoint is available. */
@AutoConfiguration(after = BreakerAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(CircuitBreakersEndpoint.class)
public final class BreakerEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({BreakerRegistry.class, BreakerDefinitions.class})
    CircuitBreakersEndpoint circuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitions definitions,
            ObjectProvider<BreakerLayerRegistry> layers, ObjectProvider<FleetSyncStatus> sync) {
        return new CircuitBreakersEndpoint(registry, definitions, layers.getIfAvailable(), sync.getIfAvailable());
    }

    /** The 404 and 400 answers, as problem documents, over whichever web stack serves the actuator. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(CircuitBreakersEndpoint.class)
    CircuitBreakersEndpointWebExtension circuitBreakersEndpointWebExtension(CircuitBreakersEndpoint endpoint) {
        return new CircuitBreakersEndpointWebExtension(endpoint);
    }
}
