package dev.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private final long start;
    private final @Nullable Throwable rejection;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;

    Attempt(Breaker.Permit permit, @Nullable Bulkhead slots, BreakerClock clock) {
        this(permit, slots, clock, null);
    }

    private Attempt(Breaker.@Nullable Permit permit, @Nullable Bulkhead slots, BreakerClock clock,
            @Nullable Throwable rejection) {
        this.permit = permit;
        this.slots = slots;
        this.clock = clock;
        this.start = clock.nanoTime();
        this.rejection = rejection;
    }

    static Attempt rejected(Throwable rejection, BreakerClock clock) {
        return new Attempt(null, null, clock, rejection);
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
        long nanos = elapsed();
        if (error instanceof InterruptedException) {
            reported.release();
        } else if (error instanceof CallTimeoutException timedOut) {
            reported.onError(Math.max(nanos, timedOut.timeout().toNanos() + 1), error);
        } else {
            reported.onError(nanos, error);
        }
    }

    /** A cancelled call neither succeeded nor failed: the permit is given back (a HALF_OPEN trial slot too). */
    public void cancelled() {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.release();
        }
    }

    private long elapsed() {
        return clock.nanoTime() - start;
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
