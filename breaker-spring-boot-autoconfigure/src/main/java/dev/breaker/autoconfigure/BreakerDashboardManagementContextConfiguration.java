package dev.breaker.autoconfigure;

import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.dashboard.BreakerDashboard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard page ({@code breaker.dashboard.enabled}), in whichever context serves the actuator: the
 * application's own on the same port, the management child context when {@code management.server.port} differs
 * (then under {@code management.server.base-path}). Spring MVC only: a WebFlux application gets no page.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RouterFunction.class, PathMappedEndpoints.class})
@ConditionalOnBooleanProperty("breaker.dashboard.enabled")
final class BreakerDashboardManagementContextConfiguration {

    @Bean
    @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
    BreakerDashboard breakerDashboard(ObjectProvider<BreakerProperties> properties,
            ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<EndpointAccessResolver> access) {
        BreakerProperties bound = properties.getIfAvailable();
        String path = (bound != null) ? bound.getDashboard().getPath() : new BreakerDashboardProperties().getPath();
        EndpointId id = EndpointId.of(CircuitBreakersEndpoint.ID);
        // Writes need UNRESTRICTED access: the endpoint's default is READ_ONLY, and the same properties
        // (management.endpoint.circuitbreakers.access, management.endpoints.access.*) decide as for the endpoint.
        return new BreakerDashboard(path, BreakerEndpointAutoConfiguration.endpointPath(endpoints), () -> {
            EndpointAccessResolver resolver = access.getIfAvailable();
            return resolver != null && resolver.accessFor(id, Access.READ_ONLY) == Access.UNRESTRICTED;
        });
    }

    @Bean
    RouterFunction<ServerResponse> breakerDashboardRoutes(BreakerDashboard breakerDashboard) {
        return breakerDashboard.routes();
    }
}
