package dev.breaker.tuning;

import dev.breaker.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a breaker with some settings would have done with the calls a live breaker saw: from a shadow experiment
 * ({@link Experiments}) or a replay ({@link Replayer}). The baseline, named {@value Experiments#LIVE}, is the
 * live breaker's own settings judged the same way, so every figure has a like-for-like counterpart.
 *
 * @param experiment the experiment's name ({@value Experiments#LIVE} for the baseline)
 * @param settings the settings that differ from the live breaker's, as {@code name=value, ...} ("" for the baseline)
 * @param calls outcomes judged: successful and failed calls the live breaker let through
 * @param wouldOpen times it would have opened (CLOSED or HALF_OPEN to OPEN)
 * @param timeOpen time it would have spent OPEN
 * @param needlessRejections calls it would have rejected that in fact succeeded
 * @param keptAway failed calls it would have kept away from the dependency
 * @param detections openings out of CLOSED whose burst of failures was seen from its start
 * @param detectionDelay the mean time from the first failure of a burst to the opening; empty with no detection
 * @param detectionCalls the mean number of calls from the first failure of a burst to the opening (0 with none)
 * @param flaps openings less than {@link Experiments#FLAP_INTERVAL} after the previous closing
 * @param judged time during which calls reached the dependency (the live breaker not OPEN or FORCED_OPEN)
 * @param blind time during which the live breaker rejected every call, so nothing could be judged
 * @param blindPeriods the last periods without outcomes (at most {@link Experiments#BLIND_PERIODS}), oldest first;
 *        one still running has no end
 * @param state the state the experiment's breaker is in now
 * @param verdict one line against the baseline (see {@link #verdictAgainst}); for the baseline, a summary
 */
public record ExperimentReport(
        String experiment,
        String settings,
        long calls,
        long wouldOpen,
        Duration timeOpen,
        long needlessRejections,
        long keptAway,
        long detections,
        Optional<Duration> detectionDelay,
        double detectionCalls,
        long flaps,
        Duration judged,
        Duration blind,
        List<Period> blindPeriods,
        BreakerState state,
        String verdict) {

    /** The default {@code minimum-number-of-calls}, below which {@link #verdictAgainst} finds it too early. */
    private static final int TOO_EARLY_BELOW = 20;

    public ExperimentReport {
        blindPeriods = List.copyOf(blindPeriods);
    }

    /** A time span; {@code to} is empty while it lasts. */
    public record Period(Instant from, Optional<Instant> to) {
    }

    /**
     * One line comparing this report with {@code baseline}: "better", "worse", "trade-off", "same" or "too
     * early", then the figures that decide it. Better means fewer needless rejections at no slower detection
     * (or faster detection at no more needless rejections); worse the opposite. Never opening while the baseline
     * did counts as slower detection, and delays less than a millisecond apart as the same.
     *
     * <p>"Too early" below the default {@code minimum-number-of-calls} (20 calls judged): a
     * report knows its calls but not the live breaker's settings. The reports of {@link Experiments} and
     * {@link Replayer} carry verdicts made against the live breaker's own minimum.
     */
    public String verdictAgainst(ExperimentReport baseline) {
        return Verdict.of(this, baseline, TOO_EARLY_BELOW);
    }

    /** This report with {@code verdict} in place of its own. */
    public ExperimentReport withVerdict(String verdict) {
        return new ExperimentReport(experiment, settings, calls, wouldOpen, timeOpen, needlessRejections, keptAway,
                detections, detectionDelay, detectionCalls, flaps, judged, blind, blindPeriods, state, verdict);
    }
}
