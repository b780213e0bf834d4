package dev.breaker.metrics;

import dev.breaker.definition.BreakerTuning;
import dev.breaker.tuning.ExperimentReport;
import dev.breaker.tuning.Experiments;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * What each shadow experiment would have done, beside the breaker's own settings judged the same way (the
 * experiment {@value Experiments#LIVE}), tagged {@code name} and {@code experiment}. Prometheus names:
 * {@code circuit_breaker_experiment_would_open_total}, {@code _needless_rejections_total}, {@code _kept_away_total},
 * {@code _open_seconds_total}, {@code _flaps_total}, {@code _judged_seconds_total} and the gauge
 * {@code circuit_breaker_experiment_detection_delay_seconds} (the mean, NaN before any detection).
 *
 * <p>Read from the experiments' reports at scrape time; only breakers with experiments have these series. The
 * experiments start again when the breaker's settings change, and so do these counts, which Prometheus reads as a
 * counter reset.
 */
public final class ExperimentMeters implements MeterBinder {

    private static final String PREFIX = BreakerMeterBinder.PREFIX + ".experiment";

    private static final String SECONDS = "seconds";

    private final BreakerTuning tuning;

    public ExperimentMeters(BreakerTuning tuning) {
        this.tuning = tuning;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        tuning.onExperimentsStarted(breaker -> register(meters, breaker.name()));
        tuning.names().forEach(name -> register(meters, name));
    }

    /** Each experiment's meters, and the baseline's; registering one again finds the one there. */
    private void register(MeterRegistry meters, String name) {
        List<String> experiments = new ArrayList<>();
        tuning.experiments(name).ifPresent(running -> {
            experiments.add(Experiments.LIVE);
            running.reports().forEach(report -> experiments.add(report.experiment()));
        });
        for (String experiment : experiments) {
            Tags tags = Tags.of("name", name, "experiment", experiment);
            Counters counter = (suffix, unit, description, value) -> FunctionCounter.builder(PREFIX + suffix, tuning,
                            t -> report(t, name, experiment).map(value::applyAsDouble).orElse(0.0))
                    .description(description).baseUnit(unit).tags(tags).register(meters);
            counter.register(".would.open", null, "Times the experiment's settings would have opened the breaker",
                    ExperimentReport::wouldOpen);
            counter.register(".needless.rejections", null,
                    "Calls the experiment's settings would have rejected that in fact succeeded",
                    ExperimentReport::needlessRejections);
            counter.register(".kept.away", null,
                    "Failed calls the experiment's settings would have kept away from the dependency",
                    ExperimentReport::keptAway);
            counter.register(".open", SECONDS,
                    "Time the experiment's settings would have kept the breaker open", r -> seconds(r.timeOpen()));
            counter.register(".flaps", null,
                    "Openings of the experiment's breaker less than a minute after it last closed", ExperimentReport::flaps);
            counter.register(".judged", SECONDS,
                    "Time during which calls reached the dependency, so the experiment could judge them",
                    r -> seconds(r.judged()));
            Gauge.builder(PREFIX + ".detection.delay", tuning,
                            t -> report(t, name, experiment).flatMap(ExperimentReport::detectionDelay)
                                    .map(ExperimentMeters::seconds).orElse(Double.NaN))
                    .description("Mean time from the first failure of a burst to the experiment's breaker opening"
                            + " (NaN before any)")
                    .baseUnit(SECONDS).tags(tags).register(meters);
        }
    }

    private static Optional<ExperimentReport> report(BreakerTuning tuning, String name, String experiment) {
        return tuning.experiments(name).flatMap(running -> running.report(experiment));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Registers one counter of an experiment. */
    @FunctionalInterface
    private interface Counters {

        void register(String suffix, @Nullable String baseUnit, String description,
                ToDoubleFunction<ExperimentReport> value);
    }
}
