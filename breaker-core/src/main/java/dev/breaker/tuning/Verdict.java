package dev.breaker.tuning;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line verdicts of {@link ExperimentReport}: an experiment against the baseline, and the baseline's own
 * summary. Better means fewer needless rejections at no slower detection, or faster detection at no more needless
 * rejections; worse the opposite; anything else is a trade-off.
 */
final class Verdict {

    private static final long SAME_DETECTION_NANOS = 1_000_000;

    private Verdict() {
    }

    /**
     * {@code candidate} against {@code baseline}.
     *
     * @param minimumCalls the live breaker's minimum-number-of-calls: judged on fewer calls, it is too early to say
     */
    static String of(ExperimentReport candidate, ExperimentReport baseline, int minimumCalls) {
        if (candidate.calls() < minimumCalls) {
            return tooEarly(candidate.calls());
        }
        if (candidate.wouldOpen() > 0 && baseline.wouldOpen() == 0) {
            return openedAlone(candidate, baseline);
        }
        int needless = Long.compare(candidate.needlessRejections(), baseline.needlessRejections());
        int detection = detection(candidate, baseline);
        String keptAway = candidate.keptAway() == baseline.keptAway() ? ""
                : ", " + candidate.keptAway() + " failed " + calls(candidate.keptAway()) + " kept away instead of "
                        + baseline.keptAway();
        if (needless == 0 && detection == 0) {
            return "same as live so far" + (keptAway.isEmpty() ? "" : " but" + keptAway.substring(1));
        }
        String word = needless <= 0 && detection <= 0 ? "better"
                : needless >= 0 && detection >= 0 ? "worse" : "trade-off";
        String figures = needless == 0
                ? "needless rejections as live (" + candidate.needlessRejections() + ")"
                : candidate.needlessRejections() + " needless " + rejections(candidate.needlessRejections())
                        + " instead of " + baseline.needlessRejections();
        String detected = detectionFigures(candidate, baseline);
        return word + ": " + figures + (detected.isEmpty() ? "" : ", " + detected) + keptAway;
    }

    /**
     * The candidate opened where the live settings never did: on noise, or on an outage the live settings missed.
     * Nothing tells which but the calls it would have rejected, so it is better when more of them failed than
     * succeeded (the dependency was down), and worse otherwise (it would have turned successes into rejections).
     */
    private static String openedAlone(ExperimentReport candidate, ExperimentReport baseline) {
        long kept = candidate.keptAway() - baseline.keptAway();
        long needless = candidate.needlessRejections() - baseline.needlessRejections();
        if (kept == 0 && needless == 0) {
            return "too early: " + openings(candidate.wouldOpen()) + " where live never did, and no call has tested"
                    + " that opening yet";
        }
        String word = kept > needless ? "better" : kept < needless ? "worse" : "trade-off";
        return word + ": " + openings(candidate.wouldOpen()) + " where live never did, rejecting " + needless + " "
                + calls(needless) + " that succeeded and keeping " + kept + " failed " + calls(kept) + " away";
    }

    /** The baseline's line: too early, or what the live settings did. */
    static String summary(ExperimentReport baseline, int minimumCalls) {
        if (baseline.calls() < minimumCalls) {
            return tooEarly(baseline.calls());
        }
        StringBuilder line = new StringBuilder("live settings: ").append(baseline.calls()).append(" calls judged, ")
                .append(baseline.wouldOpen() == 0 ? "never opened" : "opened " + baseline.wouldOpen()
                        + (baseline.wouldOpen() == 1 ? " time" : " times"));
        baseline.detectionDelay().ifPresent(delay -> line.append(", detection ").append(Durations.human(delay))
                .append(" after ").append(number(baseline.detectionCalls())).append(" calls"));
        if (!baseline.timeOpen().isZero()) {
            line.append(", ").append(Durations.human(baseline.timeOpen())).append(" open");
        }
        if (baseline.needlessRejections() != 0) {
            line.append(", ").append(baseline.needlessRejections()).append(" needless ")
                    .append(rejections(baseline.needlessRejections()));
        }
        if (baseline.flaps() != 0) {
            line.append(", ").append(baseline.flaps()).append(baseline.flaps() == 1 ? " flap" : " flaps");
        }
        return line.toString();
    }

    /**
     * Below 0 when {@code candidate} detects faster: a mean delay shorter by a millisecond or more, a detection where
     * the baseline had none,
     * or an opening where the baseline never opened; above 0 for slower.
     */
    private static int detection(ExperimentReport candidate, ExperimentReport baseline) {
        Optional<Duration> mine = candidate.detectionDelay();
        Optional<Duration> theirs = baseline.detectionDelay();
        if (mine.isPresent() && theirs.isPresent()) {
            // On the same traffic, fewer calls to detect is faster whatever the call rate; the time decides between
            // detections after as many calls (calls running at once make it vary by a few milliseconds).
            double calls = candidate.detectionCalls() - baseline.detectionCalls();
            if (Math.abs(calls) >= 0.5) {
                return calls < 0 ? -1 : 1;
            }
            long difference = mine.get().toNanos() - theirs.get().toNanos();
            // Closer than a millisecond is the same: the system clock's recent time is only that precise.
            return Math.abs(difference) < SAME_DETECTION_NANOS ? 0 : Long.signum(difference);
        }
        if (mine.isPresent() != theirs.isPresent()) {
            return mine.isPresent() ? -1 : 1;
        }
        if ((candidate.wouldOpen() == 0) != (baseline.wouldOpen() == 0)) {
            return candidate.wouldOpen() == 0 ? 1 : -1;
        }
        return 0;
    }

    private static String detectionFigures(ExperimentReport candidate, ExperimentReport baseline) {
        Optional<Duration> mine = candidate.detectionDelay();
        Optional<Duration> theirs = baseline.detectionDelay();
        if (mine.isEmpty() && theirs.isEmpty()) {
            if ((candidate.wouldOpen() == 0) == (baseline.wouldOpen() == 0)) {
                return "";
            }
            return candidate.wouldOpen() == 0 ? "never opened instead of " + openings(baseline.wouldOpen())
                    : openings(candidate.wouldOpen()) + " instead of never";
        }
        if (theirs.isEmpty()) {
            return "detection " + Durations.human(mine.get()) + " where live had none";
        }
        if (mine.isEmpty()) {
            return "no detection where live took " + Durations.human(theirs.get());
        }
        return "detection " + Durations.human(mine.get()) + " after " + number(candidate.detectionCalls()) + " "
                + calls(Math.round(candidate.detectionCalls())) + " instead of " + Durations.human(theirs.get())
                + " after " + number(baseline.detectionCalls());
    }

    private static String tooEarly(long calls) {
        return "too early: " + calls + " " + calls(calls) + " judged";
    }

    private static String openings(long count) {
        return "opened " + count + (count == 1 ? " time" : " times");
    }

    private static String calls(long count) {
        return count == 1 ? "call" : "calls";
    }

    private static String rejections(long count) {
        return count == 1 ? "rejection" : "rejections";
    }

    /** {@code 50}, {@code 37.5}: a mean number of calls. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
