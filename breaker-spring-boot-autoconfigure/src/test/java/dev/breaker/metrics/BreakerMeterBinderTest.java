package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerMeterBinderTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerRegistry registry = BreakerRegistry.builder()
            .defaultConfig(BreakerConfig.builder().clock(clock).scheduler(clock).slidingWindowSize(4)
                    .minimumNumberOfCalls(4).slowCallDurationThreshold(Duration.ofMillis(100)).build())
            .build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private double value(String name, String... tags) {
        return meters.get(name).tags(tags).meter().measure().iterator().next().getValue();
    }

    @Test
    void countsCallsByResultAndReportsStateAndRates() {
        Breaker payment = registry.breaker("payment");
        new BreakerMeterBinder(registry).bindTo(meters);
        payment.execute(() -> "ok");
        payment.execute(() -> {
            clock.advance(Duration.ofMillis(150));
            return "slow";
        });
        for (int i = 0; i < 2; i++) {
            try {
                payment.run(() -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // recorded
            }
        }
        try {
            payment.execute(() -> "rejected");
        } catch (dev.breaker.CallNotPermittedException expected) {
            // counted
        }
        assertThat(value("circuit.breaker.calls", "name", "payment", "result", "success")).isEqualTo(2);
        assertThat(value("circuit.breaker.calls", "name", "payment", "result", "failure")).isEqualTo(2);
        assertThat(value("circuit.breaker.calls", "name", "payment", "result", "rejected")).isEqualTo(1);
        assertThat(value("circuit.breaker.calls", "name", "payment", "result", "ignored")).isZero();
        assertThat(value("circuit.breaker.slow.calls", "name", "payment", "result", "success")).isEqualTo(1);
        assertThat(value("circuit.breaker.state", "name", "payment")).isEqualTo(1);
        assertThat(value("circuit.breaker.failure.rate", "name", "payment")).isEqualTo(0.5);
        assertThat(value("circuit.breaker.slow.call.rate", "name", "payment")).isEqualTo(0.25);
        assertThat(value("circuit.breaker.transitions", "name", "payment", "from", "closed", "to", "open"))
                .isEqualTo(1);
        assertThat(meters.get("circuit.breaker.call.duration").tags("name", "payment").functionTimer().count())
                .isEqualTo(4);
    }

    @Test
    void bindsBreakersCreatedAfterStartupAndDescribesEveryMeter() {
        new BreakerMeterBinder(registry).bindTo(meters);
        registry.breaker("late");
        assertThat(value("circuit.breaker.state", "name", "late")).isZero();
        assertThat(Double.isNaN(value("circuit.breaker.failure.rate", "name", "late"))).isTrue();
        for (Meter meter : meters.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            assertThat(meter.getId().getTag("name")).as(meter.getId().getName()).isEqualTo("late");
        }
    }

    @Test
    void countsFallbacksByResult() {
        Breaker payment = registry.breaker("payment");
        BreakerMeterBinder binder = new BreakerMeterBinder(registry);
        binder.bindTo(meters);
        binder.onFallback(payment, new IllegalStateException(), true);
        binder.onFallback(payment, new IllegalStateException(), true);
        binder.onFallback(payment, new IllegalStateException(), false);
        assertThat(value("circuit.breaker.fallback.calls", "name", "payment", "result", "success")).isEqualTo(2);
        assertThat(value("circuit.breaker.fallback.calls", "name", "payment", "result", "failure")).isEqualTo(1);
    }
}
