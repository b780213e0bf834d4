package dev.breaker.tuning;

import dev.breaker.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The periods during which the live breaker rejected every call (OPEN or FORCED_OPEN, as it enforces them), so
 * that no outcome reached the shadows: their total and the last {@link Experiments#BLIND_PERIODS}. Changed only
 * on the live breaker's transitions, so a lock is cheap here.
 */
final class Blindness {

    private static final long NONE = Long.MIN_VALUE;

    private final Clocks time;
    private final long[] from = new long[Experiments.BLIND_PERIODS];
    private final long[] to = new long[Experiments.BLIND_PERIODS];
    private long periods;
    private long blindNanos;
    private long since = NONE;

    Blindness(Clocks time) {
        this.time = time;
    }

    /** The live breaker now enforces {@code state}, since {@code now}. */
    synchronized void live(BreakerState state, long now) {
        boolean blind = state == BreakerState.OPEN || state == BreakerState.FORCED_OPEN;
        if (blind && since == NONE) {
            since = now;
            int slot = (int) (periods++ % from.length);
            from[slot] = now;
            to[slot] = NONE;
        } else if (!blind && since != NONE) {
            blindNanos += now - since;
            to[(int) ((periods - 1) % from.length)] = now;
            since = NONE;
        }
    }

    /** Blind time up to {@code now}. */
    synchronized Duration blind(long now) {
        return Duration.ofNanos(blindNanos + (since != NONE ? Math.max(0, now - since) : 0));
    }

    /** The last periods, oldest first; one still running has no end. */
    synchronized List<ExperimentReport.Period> periods() {
        int kept = (int) Math.min(periods, from.length);
        List<ExperimentReport.Period> list = new ArrayList<>(kept);
        for (long i = periods - kept; i < periods; i++) {
            int slot = (int) (i % from.length);
            Instant start = time.instant(from[slot]);
            list.add(new ExperimentReport.Period(start,
                    to[slot] == NONE ? Optional.empty() : Optional.of(time.instant(to[slot]))));
        }
        return list;
    }
}
