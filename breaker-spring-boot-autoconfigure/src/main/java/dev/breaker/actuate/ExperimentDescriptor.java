package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.BreakerState;
import dev.breaker.tuning.ExperimentReport;
import dev.breaker.tuning.Experiments;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one shadow experiment would have done with the breaker's calls since it started (at startup, or at the last
 * change of the breaker's settings), beside the baseline {@code live}: the breaker's own settings, judged the same
 * way. {@code settings} are those it changes ({@code name=value, ...}, empty for {@code live}); times are seconds,
 * the detection delay milliseconds ({@code null} before any detection); {@code blindPeriods} are the last periods
 * during which the live breaker rejected every call, so nothing could be judged ({@code to} is {@code null} while one
 * lasts); {@code verdict} is one line against {@code live}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentDescriptor(
        String settings,
        long calls,
        long wouldOpen,
        double timeOpenSeconds,
        long needlessRejections,
        long keptAway,
        long detections,
        @Nullable Double detectionDelayMs,
        double detectionCalls,
        long flaps,
        double judgedSeconds,
        double blindSeconds,
        List<PeriodDescriptor> blindPeriods,
        BreakerState state,
        String verdict) {

    /** The baseline first, as {@value Experiments#LIVE}, then each experiment in the configuration's order. */
    static @Nullable Map<String, ExperimentDescriptor> of(@Nullable Experiments experiments) {
        if (experiments == null) {
            return null;
        }
        Map<String, ExperimentDescriptor> all = new LinkedHashMap<>();
        all.put(Experiments.LIVE, of(experiments.baseline()));
        experiments.reports().forEach(report -> all.put(report.experiment(), of(report)));
        return all;
    }

    static ExperimentDescriptor of(ExperimentReport report) {
        return new ExperimentDescriptor(report.settings(), report.calls(), report.wouldOpen(),
                seconds(report.timeOpen()), report.needlessRejections(), report.keptAway(), report.detections(),
                report.detectionDelay().map(delay -> Math.round(delay.toNanos() / 1_000.0) / 1_000.0).orElse(null),
                Math.round(report.detectionCalls() * 100) / 100.0, report.flaps(), seconds(report.judged()),
                seconds(report.blind()), report.blindPeriods().stream().map(PeriodDescriptor::of).toList(),
                report.state(), report.verdict());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** A period: ISO-8601 instants; {@code to} is {@code null} while it lasts. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PeriodDescriptor(String from, @Nullable String to) {

        static PeriodDescriptor of(ExperimentReport.Period period) {
            return new PeriodDescriptor(period.from().toString(), period.to().map(Object::toString).orElse(null));
        }
    }
}
