package dev.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a {@link Guard}'s call: its breaker permit and bulkhead slot, or the rejection that denied
 * them. Timed from its start. The first outcome reported frees the slot and reports to the permit; later ones
 * do nothing (a reactive consumer may cancel after a value, an error may follow a failing value hook), so a
 * slot is never freed twice and never kept. Made by {@link Guard#startAttempt()} for integrations that run
 * attempts with their own operators.
 */
public final class Attempt {

    private static final VarHandle ENDED;
    /** The breaker's own threshold for timing calls with the recent time (DefaultBreaker's). */
    private static final Duration RECENT_TIMING_MIN_THRESHOLD = Duration.ofMillis(100);

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Attempt.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Breaker.@Nullable Permit permit;
    private final @Nullable Bulkhead slots;
    private final BreakerClock clock;
    /** Whether the attempt is timed with {@link BreakerClock#recentNanoTime()}, as the breaker times its calls. */
    private final boolean recent;
    private final long start;
    private final @Nullable Throwable rejection;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;

    /** An attempt starting now, timed as {@link #timedRecently} says. */
    Attempt(Breaker.Permit permit, @Nullable Bulkhead slots, BreakerClock clock, boolean recent) {
        this(permit, slots, clock, recent, time(clock, recent), null);
    }

    /** An attempt that started at {@code start}, read with {@link #time}. */
    Attempt(Breaker.Permit permit, @Nullable Bulkhead slots, BreakerClock clock, boolean recent, long start) {
        this(permit, slots, clock, recent, start, null);
    }

    private Attempt(Breaker.@Nullable Permit permit, @Nullable Bulkhead slots, BreakerClock clock, boolean recent,
            long start, @Nullable Throwable rejection) {
        this.permit = permit;
        this.slots = slots;
        this.clock = clock;
        this.recent = recent;
        this.start = start;
        this.rejection = rejection;
    }

    /**
     * Asks {@code breaker}, then {@code slots} (waiting up to its {@code max-wait-duration} if {@code mayWait}), for
     * one attempt; see {@link Guard#startAttempt()}. A full bulkhead gives the permit back and records nothing
     * against the dependency.
     */
    static Attempt start(Breaker breaker, @Nullable Bulkhead slots, boolean mayWait) {
        BreakerConfig config = breaker.config();
        BreakerClock clock = config.clock();
        Breaker.Permit permit;
        try {
            permit = breaker.acquirePermit();
        } catch (CallNotPermittedException rejected) {
            return rejected(rejected, clock);
        }
        if (slots != null && !(mayWait ? slots.tryAcquire() : slots.tryAcquireNow())) {
            permit.release();
            return rejected(slots.rejection(), clock);
        }
        return new Attempt(permit, slots, clock, timedRecently(config));
    }

    static Attempt rejected(Throwable rejection, BreakerClock clock) {
        return new Attempt(null, null, clock, false, 0, rejection);
    }

    /**
     * Whether attempts of calls that {@code config} classifies are timed with {@link BreakerClock#recentNanoTime()}:
     * as the breaker times its own calls, when the slow-call threshold is 100 ms or more, so that a lag of
     * about a millisecond is at most 1% of it. A clock that does not override {@code recentNanoTime()}
     * ({@link ManualClock}) is exact either way.
     */
    static boolean timedRecently(BreakerConfig config) {
        return config.slowCallDurationThreshold().compareTo(RECENT_TIMING_MIN_THRESHOLD) >= 0;
    }

    /** The time an attempt starts or ends at. */
    static long time(BreakerClock clock, boolean recent) {
        return recent ? clock.recentNanoTime() : clock.nanoTime();
    }

    /** Nanoseconds since {@code start}; never negative (recent times may be slightly out of order). */
    static long since(BreakerClock clock, boolean recent, long start) {
        return Math.max(0, time(clock, recent) - start);
    }

    /**
     * Reports an attempt that ended with {@code error} after {@code nanos}, on its permit: see {@link #failed}.
     */
    static void reportFailure(Breaker.Permit permit, long nanos, Throwable error) {
        if (error instanceof InterruptedException) {
            permit.release();
        } else if (error instanceof CallTimeoutException timedOut) {
            permit.onError(Math.max(nanos, timedOut.timeout().toNanos() + 1), error);
        } else {
            permit.onError(nanos, error);
        }
    }

    /**
     * What denied the attempt ({@link CallNotPermittedException} or {@link BulkheadFullException}), or
     * {@code null} when it may run. A rejected attempt holds nothing: reporting on it does nothing.
     */
    public @Nullable Throwable rejection() {
        return rejection;
    }

    /** The call returned {@code result}, which the breaker's result predicate checks. */
    public void succeeded(@Nullable Object result) {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.onResult(elapsed(), result);
        }
    }

    /** The call completed without a value (an empty Mono, a completed Flux). */
    public void completed() {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.onSuccess(elapsed());
        }
    }

    /**
     * The call ended with {@code error}. A timed-out call ran at least its timeout and did not finish: it is
     * recorded as longer than the timeout, so it counts as slow whatever clock measured it. An interrupted
     * caller says nothing about the dependency: the permit is given back.
     */
    public void failed(Throwable error) {
        Breaker.Permit reported = end();
        if (reported == null) {
            return;
        }
        reportFailure(reported, elapsed(), error);
    }

    /** A cancelled call neither succeeded nor failed: the permit is given back (a HALF_OPEN trial slot too). */
    public void cancelled() {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.release();
        }
    }

    private long elapsed() {
        return since(clock, recent, start);
    }

    /** The permit to report on, once; frees the slot first. */
    private Breaker.@Nullable Permit end() {
        if (permit == null || !ENDED.compareAndSet(this, false, true)) {
            return null;
        }
        if (slots != null) {
            slots.release();
        }
        return permit;
    }
}
