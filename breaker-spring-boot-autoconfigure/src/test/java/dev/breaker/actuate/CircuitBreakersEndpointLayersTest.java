package dev.breaker.actuate;

import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.autoconfigure.BreakerProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A breaker's view shows the settings and figures of its layers, and null for a layer that is off. */
class CircuitBreakersEndpointLayersTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerRegistry registry;
    private final GuardRegistry layers;
    private final CircuitBreakersEndpointWebExtension web;

    CircuitBreakersEndpointLayersTest() {
        BreakerProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "breaker.profiles.payment.timeout", "1200ms",
                "breaker.profiles.payment.max-concurrent-calls", "5",
                "breaker.profiles.payment.max-wait-duration", "100ms",
                "breaker.profiles.payment.retry.max-attempts", "3",
                "breaker.profiles.payment.retry.backoff", "exponential",
                "breaker.profiles.payment.retry.jitter", "0.2",
                "breaker.profiles.payment.retry.retry-exceptions", "java.io.IOException")))
                .bindOrCreate("breaker", BreakerProperties.class);
        BreakerDefinitions definitions = new BreakerDefinitions(properties, List.of(), null, clock, clock);
        registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config()).build();
        layers = new GuardRegistry(registry, name -> definitions.definition(name).layers(), FallbackListener.NONE);
        web = new CircuitBreakersEndpointWebExtension(new CircuitBreakersEndpoint(registry, definitions, layers));
    }

    private BreakerDetailsDescriptor details(String name) {
        WebEndpointResponse<?> response = web.circuitBreaker(name);
        assertThat(response.getStatus()).isEqualTo(200);
        return (BreakerDetailsDescriptor) response.getBody();
    }

    @Test
    void showsEachLayersSettingsAndFigures() {
        registry.breaker("payment");
        layers.guard("payment").bulkhead().tryAcquireNow();

        LayersDescriptor view = details("payment").layers();

        assertThat(view.timeout()).isEqualTo(new LayersDescriptor.TimeoutDescriptor("PT1.2S", 0));
        assertThat(view.bulkhead()).isEqualTo(new LayersDescriptor.BulkheadDescriptor(5, "PT0.1S", 4, 0));
        assertThat(view.retry()).isEqualTo(new LayersDescriptor.RetryDescriptor(3, "PT0.5S", "exponential", 2.0,
                "PT0S", 0.2, List.of("java.io.IOException"), List.of(), 0, 0, 0, 0));
        assertThat(details("payment").config().slowCallDurationThreshold()).as("capped at the timeout")
                .isEqualTo("PT1.2S");
    }

    @Test
    void aLayerThatIsOffIsNullAndReadingAnUnknownNameCreatesNothing() {
        registry.breaker("search");
        assertThat(details("search").layers()).isEqualTo(new LayersDescriptor(null, null, null));

        assertThat(web.circuitBreaker("ghost").getStatus()).isEqualTo(404);
        assertThat(registry.find("ghost")).isEmpty();
    }
}
