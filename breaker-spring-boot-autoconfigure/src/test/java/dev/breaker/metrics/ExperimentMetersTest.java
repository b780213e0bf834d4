package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.TuningSettings;
import dev.breaker.definition.TuningSettings.Experiment;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code circuit_breaker_experiment_*{name,experiment}}: each experiment's figures beside the baseline's
 * ({@code experiment="live"}), as a Prometheus scrape shows them, for the breakers that have experiments only.
 */
class ExperimentMetersTest {

    private final ManualClock clock = new ManualClock();
    private final BreakerConfig config = BreakerConfig.builder().clock(clock).scheduler(clock).slidingWindowSize(4)
            .minimumNumberOfCalls(4).waitDurationInOpenState(Duration.ofSeconds(10)).build();
    private final BreakerRegistry registry = BreakerRegistry.builder().defaultConfig(config).build();
    private final TuningSettings strict = new TuningSettings(List.of(new Experiment("strict",
            "breaker.instances.payment.experiments.strict", Map.of("failure-rate-threshold", "25"))), 0);
    private final BreakerTuning tuning = new BreakerTuning(registry,
            name -> name.equals("payment") ? strict : TuningSettings.NONE);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void eachExperimentIsCountedBesideLive() {
        Breaker payment = registry.breaker("payment");
        new ExperimentMeters(tuning).bindTo(prometheus);
        payment.onError(Duration.ofMillis(5), new IllegalStateException("down"));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            payment.onSuccess(Duration.ofMillis(5));
        }
        clock.advance(Duration.ofSeconds(2));
        payment.onSuccess(Duration.ofMillis(5)); // strict is open: a needless rejection

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("circuit_breaker_experiment_would_open_total{experiment=\"strict\",name=\"payment\"} 1.0")
                .contains("circuit_breaker_experiment_would_open_total{experiment=\"live\",name=\"payment\"} 0.0")
                .contains("circuit_breaker_experiment_needless_rejections_total{experiment=\"strict\",name=\"payment\"} 1.0")
                .contains("circuit_breaker_experiment_kept_away_total{experiment=\"strict\",name=\"payment\"} 0.0")
                .contains("circuit_breaker_experiment_open_seconds_total{experiment=\"strict\",name=\"payment\"} 2.0")
                .contains("circuit_breaker_experiment_flaps_total{experiment=\"strict\",name=\"payment\"} 0.0")
                .contains("circuit_breaker_experiment_judged_seconds_total{experiment=\"live\",name=\"payment\"} 5.0")
                .contains("circuit_breaker_experiment_detection_delay_seconds{experiment=\"strict\",name=\"payment\"} 3.0")
                .contains("circuit_breaker_experiment_detection_delay_seconds{experiment=\"live\",name=\"payment\"} NaN")
                .contains("# HELP circuit_breaker_experiment_needless_rejections_total Calls the experiment's settings"
                        + " would have rejected that in fact succeeded");
    }

    @Test
    void breakersWithoutExperimentsHaveNoSuchSeriesAndLaterOnesAreTracked() {
        new ExperimentMeters(tuning).bindTo(prometheus);
        registry.breaker("search");
        assertThat(prometheus.getMeters()).isEmpty();
        registry.breaker("payment");
        assertThat(prometheus.getMeters()).extracting(meter -> meter.getId().getTag("experiment"))
                .containsOnly("live", "strict");
        for (Meter meter : prometheus.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            assertThat(meter.getId().getTag("name")).isEqualTo("payment");
        }
    }

    @Test
    void aChangeOfSettingsStartsTheCountsAgain() {
        Breaker payment = registry.breaker("payment");
        new ExperimentMeters(tuning).bindTo(prometheus);
        for (int i = 0; i < 4; i++) {
            payment.onSuccess(Duration.ofMillis(5));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(prometheus.scrape())
                .contains("circuit_breaker_experiment_judged_seconds_total{experiment=\"live\",name=\"payment\"} 4.0");
        payment.reconfigure(config.toBuilder().failureRateThreshold(40).build(), "actuator");
        clock.advance(Duration.ofSeconds(1));
        assertThat(prometheus.scrape())
                .contains("circuit_breaker_experiment_judged_seconds_total{experiment=\"live\",name=\"payment\"} 1.0");
    }
}
