package dev.breaker.metrics;

import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.autoconfigure.BreakerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The layers' meters: present exactly for the layers a breaker has, and reading the layers' own counters. */
class BreakerLayerMetersTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerRegistry registry;
    private final GuardRegistry layers;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    BreakerLayerMetersTest() {
        BreakerProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "breaker.profiles.payment.timeout", "1s",
                "breaker.profiles.payment.max-concurrent-calls", "2",
                "breaker.profiles.payment.retry.max-attempts", "3",
                "breaker.profiles.payment.retry.wait-duration", "0",
                "breaker.profiles.quotes.max-concurrent-calls", "4")))
                .bindOrCreate("breaker", BreakerProperties.class);
        BreakerDefinitions definitions = new BreakerDefinitions(properties, List.of(), null, clock, clock);
        registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config()).build();
        layers = new GuardRegistry(registry, name -> definitions.definition(name).layers(), FallbackListener.NONE);
    }

    private double value(String name, String... tags) {
        return meters.get(name).tags(tags).meter().measure().iterator().next().getValue();
    }

    @Test
    void bindsTheFourSeriesOfEveryLayerWithTheNameTag() throws Throwable {
        registry.breaker("payment");
        new BreakerMeterBinder(registry, layers).bindTo(meters);
        Guard payment = layers.guard("payment");

        assertThat(payment.bulkhead().tryAcquireNow()).isTrue();
        assertThat(payment.bulkhead().tryAcquireNow()).isTrue();
        assertThat(payment.bulkhead().tryAcquireNow()).isFalse();
        payment.timeout().timedOut();
        payment.retry().executeChecked(null, () -> "first time");
        int[] attempts = {0};
        payment.retry().executeChecked(null, () -> {
            if (attempts[0]++ == 0) {
                throw new IOException("refused");
            }
            return "second time";
        });

        assertThat(value("circuit.breaker.bulkhead.available.calls", "name", "payment")).isZero();
        assertThat(value("circuit.breaker.bulkhead.rejected.calls", "name", "payment")).isEqualTo(1);
        assertThat(value("circuit.breaker.timeouts", "name", "payment")).isEqualTo(1);
        assertThat(value("circuit.breaker.retry.calls", "name", "payment", "result", "success_without_retry"))
                .isEqualTo(1);
        assertThat(value("circuit.breaker.retry.calls", "name", "payment", "result", "success_with_retry"))
                .isEqualTo(1);
        assertThat(value("circuit.breaker.retry.calls", "name", "payment", "result", "failure")).isZero();
        assertThat(meters.get("circuit.breaker.retry.calls").meter().getId().getDescription())
                .isEqualTo("Calls through the retry, by how they ended after all their attempts");
    }

    @Test
    void aBreakerGetsMetersOnlyForTheLayersItHasIncludingBreakersAddedLater() {
        new BreakerMeterBinder(registry, layers).bindTo(meters);
        registry.breaker("quotes");
        registry.breaker("search");

        assertThat(value("circuit.breaker.bulkhead.available.calls", "name", "quotes")).isEqualTo(4);
        assertThat(meters.find("circuit.breaker.timeouts").tag("name", "quotes").meter()).isNull();
        assertThat(meters.find("circuit.breaker.retry.calls").tag("name", "quotes").meter()).isNull();
        assertThat(meters.find("circuit.breaker.bulkhead.available.calls").tag("name", "search").meter()).isNull();
        assertThat(meters.find("circuit.breaker.state").tag("name", "search").meter()).isNotNull();
        assertThat(layers.guard("search").hasLayers()).isFalse();
    }
}
