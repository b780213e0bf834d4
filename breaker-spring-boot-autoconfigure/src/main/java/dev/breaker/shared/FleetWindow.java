package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.SlidingWindowType;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The fleet window of one breaker on this instance: it counts the breaker's calls in CLOSED (a call-outcome
 * listener: three striped counters, nothing allocated), sends the counts to Redis once per flush period
 * ({@link FleetWindowScript}, one script call, on the sync thread), and trips the breaker when the fleet's calls,
 * with this instance's not sent yet, cross a threshold with at least the minimum number of calls.
 *
 * <p>It trips only on fresh figures, for the state Redis and this instance agree on: a failed or late answer, or
 * one for another version of the shared state, trips nothing, and the breaker's local window goes on deciding.
 * Counts whose flush failed are not sent again: a hung Redis may still run that flush when it resumes, and counting
 * a second twice would be worse than missing it.
 */
final class FleetWindow implements BreakerListener {

    final TrackedBreaker entry;
    private final FleetWindowStore store;
    private final StateExchange exchange;
    private final String instanceId;
    private final long periodNanos;

    private final LongAdder calls = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder slow = new LongAdder();
    /** The counters' sums already sent to Redis; written on the sync thread only. */
    private volatile long sentCalls;
    private volatile long sentFailed;
    private volatile long sentSlow;
    /** Whether a flush waits for its answer; sync thread only. */
    private boolean waiting;
    private volatile @Nullable Figures last;
    private volatile boolean failing;

    FleetWindow(TrackedBreaker entry, FleetWindowStore store, StateExchange exchange, String instanceId,
            long periodNanos) {
        this.entry = entry;
        this.store = store;
        this.exchange = exchange;
        this.instanceId = instanceId;
        this.periodNanos = periodNanos;
    }

    /** What Redis last answered, and when (wall clock for the actuator, nano time for staleness). */
    private record Figures(long version, long calls, long failed, long slow, long instances, boolean counted,
            Instant at, long atNanos) {
    }

    // ---- on calling threads ------------------------------------------------------------------------

    @Override
    public boolean receivesCallOutcomes() {
        return true;
    }

    /** Counts a call of the CLOSED breaker; calls are counted before their failures, see {@link #flush()}. */
    @Override
    public void onCall(Breaker breaker, CallOutcome outcome, boolean slowCall, long durationNanos,
            @Nullable Throwable error) {
        if ((outcome != CallOutcome.SUCCESS && outcome != CallOutcome.FAILURE)
                || breaker.state() != BreakerState.CLOSED) {
            return;
        }
        calls.increment();
        if (outcome == CallOutcome.FAILURE) {
            failed.increment();
        }
        if (slowCall) {
            slow.increment();
        }
    }

    // ---- on the sync thread ------------------------------------------------------------------------

    /**
     * Sends the counts since the last flush, unless the last flush still waits for its answer (its counts then
     * go with the next one). Failures and slow calls are read before calls, so a flush never holds a failure
     * without its call.
     */
    void flush() {
        BreakerConfig config = entry.breaker.config();
        if (waiting || config.slidingWindowType() != SlidingWindowType.TIME_BASED) {
            return;
        }
        long failedNow = failed.sum();
        long slowNow = slow.sum();
        long callsNow = calls.sum();
        long sentAt = System.nanoTime();
        long newCalls = callsNow - sentCalls;
        long newFailed = failedNow - sentFailed;
        long newSlow = slowNow - sentSlow;
        sentCalls = callsNow;
        sentFailed = failedNow;
        sentSlow = slowNow;
        waiting = true;
        try {
            store.flush(entry, entry.version, instanceId, newCalls, newFailed, newSlow, config.slidingWindowSize(),
                    reply -> answered(reply, sentAt), this::failed);
        } catch (RuntimeException refused) {
            failed(refused);
        }
    }

    private void answered(FleetWindowScript.Reply reply, long sentAt) {
        waiting = false;
        failing = false;
        entry.succeeded();
        Figures figures = new Figures(reply.version(), reply.calls(), reply.failed(), reply.slow(),
                reply.instances(), reply.counted(), Instant.now(), sentAt);
        last = figures;
        if (System.nanoTime() - sentAt <= 2 * periodNanos) {
            evaluate(figures);
        }
    }

    private void failed(Throwable error) {
        waiting = false;
        failing = true;
        exchange.failed(entry, "fleet window", error);
    }

    /**
     * Opens the breaker if the combined figures trip it: only while it is CLOSED here and in Redis, with nothing
     * of its own on the way, and the figures are of the window of that state.
     */
    private void evaluate(Figures figures) {
        Breaker breaker = entry.breaker;
        if (figures.version() != entry.version || entry.pending != null || entry.confirmed != BreakerState.CLOSED
                || breaker.metrics().wouldBeState() != BreakerState.CLOSED) {
            return;
        }
        String reason = tripReason(combined(figures), breaker.config());
        if (reason != null) {
            breaker.openByCheck(reason);
        }
    }

    /** The fleet's figures with this instance's calls not sent yet. */
    private Figures combined(Figures figures) {
        long unsentFailed = failed.sum() - sentFailed;
        long unsentSlow = slow.sum() - sentSlow;
        long unsentCalls = calls.sum() - sentCalls;
        boolean joins = unsentCalls > 0 && !figures.counted();
        return new Figures(figures.version(), figures.calls() + unsentCalls, figures.failed() + unsentFailed,
                figures.slow() + unsentSlow, figures.instances() + (joins ? 1 : 0), figures.counted() || joins,
                figures.at(), figures.atNanos());
    }

    /** "fleet failure rate 35% over 240 calls from 12 instances", or null when the figures trip nothing. */
    static @Nullable String tripReason(long calls, long failed, long slow, long instances, BreakerConfig config) {
        if (calls == 0 || calls < config.minimumNumberOfCalls()) {
            return null;
        }
        String over = " over " + calls + " calls from " + instances + (instances == 1 ? " instance" : " instances");
        double failureRate = failed * 100.0 / calls;
        if (failureRate >= config.failureRateThreshold()) {
            return "fleet failure rate " + percent(failureRate) + over;
        }
        double slowCallRate = slow * 100.0 / calls;
        if (slowCallRate >= config.slowCallRateThreshold()) {
            return "fleet slow-call rate " + percent(slowCallRate) + over;
        }
        return null;
    }

    private static @Nullable String tripReason(Figures figures, BreakerConfig config) {
        return tripReason(figures.calls(), figures.failed(), figures.slow(), figures.instances(), config);
    }

    // ---- anywhere ----------------------------------------------------------------------------------

    /** The figures as the actuator and the meters show them. */
    FleetWindowStatus status() {
        Figures figures = last;
        if (figures == null) {
            return new FleetWindowStatus(null, null, 0, 0, 0, 0, null, true);
        }
        boolean stale = failing || System.nanoTime() - figures.atNanos() > 2 * periodNanos;
        Figures shown = combined(figures);
        boolean rated = shown.calls() > 0 && shown.calls() >= entry.breaker.config().minimumNumberOfCalls();
        return new FleetWindowStatus(rated ? shown.failed() * 100.0 / shown.calls() : null,
                rated ? shown.slow() * 100.0 / shown.calls() : null, shown.calls(), shown.failed(), shown.slow(),
                shown.instances(), figures.at(), stale);
    }

    /** {@code 62.5%}, {@code 50%}: as the breaker's own reasons write rates. */
    static String percent(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
    }
}
