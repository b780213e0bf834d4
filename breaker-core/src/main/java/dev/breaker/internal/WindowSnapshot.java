package dev.breaker.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The counts of a window at one moment, and the trip decision made from them.
 *
 * @param total outcomes in the window
 * @param failures failed outcomes
 * @param slow slow outcomes (successful or failed)
 * @param minimum outcomes needed before rates mean anything
 */
record WindowSnapshot(long total, long failures, long slow, long minimum) {

    static WindowSnapshot empty(long minimum) {
        return new WindowSnapshot(0, 0, 0, minimum);
    }

    /** Whether there are enough outcomes for the rates to count. */
    boolean rated() {
        return total > 0 && total >= minimum;
    }

    double failureRate() {
        return total == 0 ? 0 : failures * 100.0 / total;
    }

    double slowCallRate() {
        return total == 0 ? 0 : slow * 100.0 / total;
    }

    /**
     * Whether counts trip a breaker with these thresholds: enough outcomes for the rates to count, and one of
     * them at or above its threshold. What {@link #tripReason} decides, from the counts alone.
     */
    static boolean trips(long total, long failures, long slow, long minimum, float failureThreshold,
            float slowThreshold) {
        return total > 0 && total >= minimum
                && (failures * 100.0 / total >= failureThreshold || slow * 100.0 / total >= slowThreshold);
    }

    /** Why these counts trip a breaker with these thresholds, or {@code null} if they do not. */
    @Nullable String tripReason(float failureThreshold, float slowThreshold) {
        if (!trips(total, failures, slow, minimum, failureThreshold, slowThreshold)) {
            return null;
        }
        if (failureRate() >= failureThreshold) {
            return "failure rate " + percent(failureRate()) + " >= " + percent(failureThreshold);
        }
        if (slowCallRate() >= slowThreshold) {
            return "slow-call rate " + percent(slowCallRate()) + " >= " + percent(slowThreshold);
        }
        return null;
    }

    /** {@code 62.5%}, {@code 50%}: one decimal, dropped when it is zero. */
    static String percent(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
    }
}
