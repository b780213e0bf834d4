package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BreakerMeterBinderTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerConfig config = BreakerConfig.builder().clock(clock).scheduler(clock).slidingWindowSize(4)
            .minimumNumberOfCalls(4).slowCallDurationThreshold(Duration.ofMillis(100)).build();
    private final BreakerRegistry registry = BreakerRegistry.builder().defaultConfig(config).build();
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

    /** The {@code circuit.breaker.in.state} series of one breaker, by state tag. */
    private Map<String, Double> inState(String name) {
        Map<String, Double> byState = new TreeMap<>();
        for (Gauge gauge : meters.find("circuit.breaker.in.state").tag("name", name).gauges()) {
            assertThat(byState.put(gauge.getId().getTag("state"), gauge.value())).as("one series per state").isNull();
        }
        return byState;
    }

    @Test
    void inStateIsOneForTheCurrentStateAndZeroForEachOtherAsTheBreakerMoves() {
        Breaker payment = registry.breaker("payment");
        new BreakerMeterBinder(registry).bindTo(meters);
        assertThat(inState("payment")).containsExactlyInAnyOrderEntriesOf(Map.of("closed", 1.0, "open", 0.0,
                "half-open", 0.0, "forced-open", 0.0, "disabled", 0.0));

        for (int i = 0; i < 4; i++) {
            try {
                payment.run(() -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // recorded
            }
        }
        assertThat(payment.state()).isEqualTo(BreakerState.OPEN);
        assertThat(inState("payment")).containsEntry("open", 1.0).containsEntry("closed", 0.0);
        clock.advance(payment.config().waitDurationInOpenState());
        payment.tryAcquirePermission();
        assertThat(inState("payment")).containsEntry("half-open", 1.0).containsEntry("open", 0.0);
        payment.transitionToForcedOpenState();
        assertThat(inState("payment")).containsEntry("forced-open", 1.0).containsEntry("half-open", 0.0);
        payment.transitionToDisabledState();
        assertThat(inState("payment")).containsEntry("disabled", 1.0).containsEntry("forced-open", 0.0);
        assertThat(inState("payment").values()).as("exactly one state at a time").containsOnlyOnce(1.0);

        // the state tag takes the values of the transition counter's from and to tags
        for (Meter transitions : meters.find("circuit.breaker.transitions").tag("name", "payment").meters()) {
            assertThat(inState("payment")).containsKeys(transitions.getId().getTag("from"),
                    transitions.getId().getTag("to"));
        }
        assertThat(meters.find("circuit.breaker.transitions").tags("from", "open", "to", "half-open").counter())
                .isNotNull();
        assertThat(meters.get("circuit.breaker.in.state").tags("name", "payment", "state", "disabled").gauge()
                .getId().getDescription()).isNotBlank();
    }

    @Test
    void breakersCreatedAfterStartupGetOneInStateSeriesPerState() {
        new BreakerMeterBinder(registry).bindTo(meters);
        registry.breaker("late").transitionToForcedOpenState();
        assertThat(inState("late")).hasSize(BreakerState.values().length)
                .containsEntry("forced-open", 1.0).containsEntry("closed", 0.0);
    }

    @Test
    void prometheusCountsOpenBreakersWithOneSeriesPerNameAndState() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new BreakerMeterBinder(registry).bindTo(prometheus);
        registry.breaker("payment").transitionToForcedOpenState();
        registry.breaker("search"); // created after binding

        assertThat(prometheus.scrape())
                .contains("# HELP circuit_breaker_in_state ")
                .contains("# TYPE circuit_breaker_in_state gauge")
                .contains("circuit_breaker_in_state{name=\"payment\",state=\"forced-open\"} 1.0")
                .contains("circuit_breaker_in_state{name=\"payment\",state=\"closed\"} 0.0")
                .contains("circuit_breaker_in_state{name=\"search\",state=\"closed\"} 1.0")
                .contains("circuit_breaker_in_state{name=\"search\",state=\"half-open\"} 0.0")
                .contains("circuit_breaker_state{name=\"payment\"} 3.0");
        assertThat(prometheus.scrape().lines().filter(line -> line.startsWith("circuit_breaker_in_state{")))
                .hasSize(2 * BreakerState.values().length);
    }

    @Test
    void openSecondsCountOpenAndForcedOpenTimeIncludingTheRunningVisit() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Breaker payment = registry.breaker("payment");
        new BreakerMeterBinder(registry).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains("circuit_breaker_open_seconds_total{name=\"payment\"} 0.0");

        fail(payment, 4, Duration.ZERO);
        assertThat(payment.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(3));
        assertThat(prometheus.scrape()).as("the running visit counts")
                .contains("circuit_breaker_open_seconds_total{name=\"payment\"} 3.0");

        payment.transitionToForcedOpenState(); // still kept away: the same visit goes on
        clock.advance(Duration.ofSeconds(2));
        payment.transitionToHalfOpenState();
        clock.advance(Duration.ofSeconds(10)); // trial calls reach the dependency: not counted
        payment.transitionToClosedState();
        clock.advance(Duration.ofSeconds(10));
        assertThat(prometheus.scrape())
                .contains("# HELP circuit_breaker_open_seconds_total ")
                .contains("# TYPE circuit_breaker_open_seconds_total counter")
                .contains("circuit_breaker_open_seconds_total{name=\"payment\"} 5.0");

        payment.transitionToOpenState();
        clock.advance(Duration.ofMillis(1500));
        assertThat(prometheus.scrape()).contains("circuit_breaker_open_seconds_total{name=\"payment\"} 6.5");
    }

    @Test
    void thresholdsAreRatiosReadAtScrapeTime() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.breaker("payment", config.toBuilder().failureRateThreshold(40).slowCallRateThreshold(80).build());
        new BreakerMeterBinder(registry).bindTo(prometheus);
        assertThat(prometheus.scrape())
                .contains("circuit_breaker_failure_rate_threshold{name=\"payment\"} 0.4")
                .contains("circuit_breaker_slow_call_rate_threshold{name=\"payment\"} 0.8");
    }

    @Test
    void openSecondsStartAtBindingForABreakerAlreadyForcedOpen() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.breaker("payment").transitionToForcedOpenState();
        clock.advance(Duration.ofSeconds(30)); // before anyone watched
        new BreakerMeterBinder(registry).bindTo(prometheus);
        clock.advance(Duration.ofSeconds(4));
        assertThat(prometheus.scrape()).contains("circuit_breaker_open_seconds_total{name=\"payment\"} 4.0");
    }

    /** A registry of breakers in observe mode, on the same settings. */
    private BreakerRegistry observing() {
        return BreakerRegistry.builder().defaultConfig(config.toBuilder().mode(BreakerMode.OBSERVE).build()).build();
    }

    private static void fail(Breaker breaker, int times, Duration each) {
        for (int i = 0; i < times; i++) {
            breaker.onError(each, new IllegalStateException("down"));
        }
    }

    @Test
    void countsTheOpeningsAnObservingBreakerWouldHaveMade() {
        BreakerRegistry observing = observing();
        new BreakerMeterBinder(observing).bindTo(meters);
        Breaker shadow = observing.breaker("shadow");
        assertThat(value("circuit.breaker.would.open", "name", "shadow")).isZero();

        fail(shadow, 4, Duration.ofMillis(5));

        assertThat(shadow.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(value("circuit.breaker.would.open", "name", "shadow")).isEqualTo(1);
        assertThat(value("circuit.breaker.failure.rate.exceeded", "name", "shadow")).isEqualTo(1);
        assertThat(value("circuit.breaker.state", "name", "shadow")).isZero(); // enforces CLOSED
        assertThat(meters.find("circuit.breaker.transitions").tag("name", "shadow").counters())
                .as("a would-be transition is not an enforced one").isEmpty();
    }

    @Test
    void countsRatesFoundOverTheirThresholdsInEnforceModeToo() {
        Breaker payment = registry.breaker("payment");
        new BreakerMeterBinder(registry).bindTo(meters);
        assertThat(value("circuit.breaker.slow.call.rate.exceeded", "name", "payment")).isZero();

        fail(payment, 4, Duration.ofMillis(150)); // failed and slow: both rates at 100%

        assertThat(payment.state()).isEqualTo(BreakerState.OPEN);
        assertThat(value("circuit.breaker.failure.rate.exceeded", "name", "payment")).isEqualTo(1);
        assertThat(value("circuit.breaker.slow.call.rate.exceeded", "name", "payment")).isEqualTo(1);
        assertThat(value("circuit.breaker.would.open", "name", "payment")).isZero();
    }

    @Test
    void prometheusNamesTheObserveModeAndRateCounters() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BreakerRegistry observing = observing();
        new BreakerMeterBinder(observing).bindTo(prometheus);
        Breaker shadow = observing.breaker("shadow");
        fail(shadow, 4, Duration.ofMillis(150));

        assertThat(prometheus.scrape())
                .contains("# HELP circuit_breaker_would_open_total ")
                .contains("# TYPE circuit_breaker_would_open_total counter")
                .contains("circuit_breaker_would_open_total{name=\"shadow\"} 1.0")
                .contains("circuit_breaker_failure_rate_exceeded_total{name=\"shadow\"} 1.0")
                .contains("circuit_breaker_slow_call_rate_exceeded_total{name=\"shadow\"} 1.0");
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

    @Test
    void countsChangesOfSettingsBySource() {
        Breaker payment = registry.breaker("payment");
        new BreakerMeterBinder(registry).bindTo(meters);
        payment.reconfigure(config.toBuilder().failureRateThreshold(20).build(), "actuator");
        payment.reconfigure(config.toBuilder().failureRateThreshold(30).build(), "actuator");
        payment.reconfigure(config.toBuilder().failureRateThreshold(30).build(), "actuator"); // nothing changes
        payment.reconfigure(config.toBuilder().failureRateThreshold(40).build(), "environment change");
        assertThat(value("circuit.breaker.settings.changes", "name", "payment", "source", "actuator")).isEqualTo(2);
        assertThat(value("circuit.breaker.settings.changes", "name", "payment", "source", "environment change"))
                .isEqualTo(1);
    }
}
