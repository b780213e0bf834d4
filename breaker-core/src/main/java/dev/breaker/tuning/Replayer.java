package dev.breaker.tuning;

import dev.breaker.BreakerConfig;
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
     * @param live the settings the recording was made with (the baseline)
     * @param candidates the settings to judge, by name, reported in this order; not {@value Experiments#LIVE}
     */
    public static List<ExperimentReport> replay(List<RecordedEvent> events, BreakerConfig live,
            Map<String, BreakerConfig> candidates) {
        throw new UnsupportedOperationException("API stub");
    }

    /**
     * The settings named by their configuration-file names ({@code failure-rate-threshold=20},
     * {@code wait-duration-in-open-state=15s}, {@code sliding-window-type=TIME_BASED}, ...) applied on top of
     * {@code base}: what {@link ReplayCommand}'s {@code --set} and a recording's header use.
     *
     * @throws dev.breaker.InvalidBreakerConfigException naming the setting and what it accepts, for an unknown
     *         name or a bad value
     */
    public static BreakerConfig apply(BreakerConfig base, Map<String, String> settings) {
        throw new UnsupportedOperationException("API stub");
    }
}
