package dev.breaker.tuning;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs recorded events through any settings on a manual clock, and reports what a breaker with those settings
 * would have done: the same {@link ExperimentReport} a shadow experiment gives, and for the same trace and
 * settings the same figures. Calls the live breaker rejected ran nowhere, so their periods are blind here too.
 */
public final class Replayer {

    private Replayer() {
    }

    /**
     * Replays {@code events} through the baseline settings (reported as {@value Experiments#LIVE}) and through
     * each candidate, and returns the baseline's report followed by each candidate's, with verdicts.
     *
     * <p>A manual clock starts at the first event and moves to each event's time (never back: events a few
     * microseconds out of order, as threads recorded them, are taken at the time reached); the reports are as of
     * the last event. The shadows use that clock as their clock and scheduler, with the jitter configured (so a
     * replay with jitter is not repeatable). Until a state event says otherwise the live breaker is taken to be
     * CLOSED. Successes and failures are judged; ignored and rejected calls are not. Open-wait functions are asked
     * without the failures' exceptions, which a recording does not keep.
     *
     * @param live the settings the recording was made with (the baseline)
     * @param candidates the settings to judge, by name, reported in this order; not {@value Experiments#LIVE}
     * @throws IllegalArgumentException if a candidate is named {@value Experiments#LIVE} or blank
     */
    public static List<ExperimentReport> replay(List<RecordedEvent> events, BreakerConfig live,
            Map<String, BreakerConfig> candidates) {
        Judge.checkNames(candidates);
        ManualClock clock = new ManualClock(events.isEmpty() ? Instant.EPOCH : events.get(0).time());
        Judge judge = new Judge("replay", live, new LinkedHashMap<>(candidates), clock, clock, BreakerState.CLOSED);
        for (RecordedEvent event : events) {
            Duration ahead = Duration.between(clock.now(), event.time());
            if (ahead.compareTo(Duration.ZERO) > 0) {
                clock.advance(ahead);
            }
            if (event.isCall()) {
                judge.outcome(event.outcome(), event.duration().toNanos(), null);
            } else {
                judge.live(event.state());
            }
        }
        return judge.reports(clock.nanoTime());
    }

    /**
     * The settings named by their configuration-file names ({@code failure-rate-threshold=20},
     * {@code wait-duration-in-open-state=15s}, {@code sliding-window-type=TIME_BASED}, ...) applied on top of
     * {@code base}: what {@link ReplayCommand}'s {@code --set} and a recording's header use.
     *
     * <p>The names are those of {@code BreakerConfig.toString()}: sliding-window-type, sliding-window-size,
     * sliding-window-max-age, minimum-number-of-calls, failure-rate-threshold, slow-call-rate-threshold,
     * slow-call-duration-threshold, consecutive-failure-threshold, wait-duration-in-open-state, wait-duration-jitter,
     * wait-duration-multiplier, max-wait-duration-in-open-state, automatic-transition-to-half-open,
     * permitted-number-of-calls-in-half-open-state, max-wait-duration-in-half-open-state, mode and
     * success-threshold-in-half-open-state. Durations are written {@code 15s}, {@code 250ms}, {@code 2m} or in
     * ISO-8601 ({@code PT15S}, as {@link java.time.Duration#toString()} writes them); a number alone is
     * milliseconds. Percentages may end with {@code %}; enum values may be in any case. Exception rules cannot be
     * set here: a recording's outcomes were classified when recorded.
     *
     * @throws dev.breaker.InvalidBreakerConfigException naming the setting and what it accepts, for an unknown
     *         name or a bad value
     */
    public static BreakerConfig apply(BreakerConfig base, Map<String, String> settings) {
        return Settings.apply(base, settings);
    }
}
