package dev.breaker.tuning;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@link ReplayCommand}'s output: the reports side by side, the blind periods and the verdicts. */
final class ReportTable {

    private static final int LABEL_WIDTH = 26;

    private ReportTable() {
    }

    /**
     * @param reports the baseline's report first, then the experiments'
     */
    static void print(PrintStream out, String source, JsonLines.Read recording, List<ExperimentReport> reports) {
        List<RecordedEvent> events = recording.events();
        out.println("Recording of '" + recording.breaker() + "' (" + source + "): " + events.size() + " events"
                + (events.isEmpty() ? "" : ", " + events.get(0).time() + " to " + events.get(events.size() - 1).time())
                + (recording.dropped() == 0 ? "" : "; " + recording.dropped() + " earlier events were dropped"));
        for (ExperimentReport report : reports.subList(1, reports.size())) {
            out.println("Experiment '" + report.experiment() + "': "
                    + (report.settings().isEmpty() ? "the live settings" : report.settings()));
        }
        out.println();
        row(out, "", reports, ExperimentReport::experiment);
        row(out, "calls judged", reports, r -> Long.toString(r.calls()));
        row(out, "would open", reports, r -> Long.toString(r.wouldOpen()));
        row(out, "time open", reports, r -> Durations.human(r.timeOpen()));
        row(out, "needless rejections", reports, r -> Long.toString(r.needlessRejections()));
        row(out, "failed calls kept away", reports, r -> Long.toString(r.keptAway()));
        row(out, "detections", reports, r -> Long.toString(r.detections()));
        row(out, "mean detection delay", reports, r -> r.detectionDelay().map(Durations::human).orElse("-"));
        row(out, "mean detection calls", reports,
                r -> r.detections() == 0 ? "-" : Verdict.number(r.detectionCalls()));
        row(out, "flaps", reports, r -> Long.toString(r.flaps()));
        row(out, "state at the end", reports, r -> r.state().name());
        out.println();
        ExperimentReport baseline = reports.get(0);
        out.println("Judged " + Durations.human(baseline.judged()) + "; blind " + Durations.human(baseline.blind())
                + (baseline.blindPeriods().isEmpty() ? "" : ", while the live breaker rejected every call:"));
        for (ExperimentReport.Period period : baseline.blindPeriods()) {
            out.println("  " + period.from() + " to " + period.to().map(Instant::toString).orElse("the end"));
        }
        out.println();
        out.println(label(Experiments.LIVE + ":") + baseline.verdict());
        for (ExperimentReport report : reports.subList(1, reports.size())) {
            out.println(label(report.experiment() + ":") + report.verdict());
        }
    }

    private static void row(PrintStream out, String label, List<ExperimentReport> reports,
            Function<ExperimentReport, String> value) {
        StringBuilder line = new StringBuilder(label(label));
        for (ExperimentReport report : reports) {
            int width = Math.max(14, report.experiment().length() + 2);
            line.append(String.format(Locale.ROOT, "%-" + width + "s", value.apply(report)));
        }
        out.println(line.toString().stripTrailing());
    }

    private static String label(String text) {
        return String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", text);
    }

}
