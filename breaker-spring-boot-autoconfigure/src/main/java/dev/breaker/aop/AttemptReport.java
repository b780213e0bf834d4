package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.Bulkhead;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One reactive attempt's permit and bulkhead slot, or the rejection that denied them. The first terminal
 * signal or cancellation reports to the permit and frees the slot; later ones do nothing (a Mono's consumer
 * may cancel after its value, an error may follow a failing value hook), so a slot is never freed twice and
 * never kept.
 */
final class AttemptReport extends AtomicBoolean {

    private static final long serialVersionUID = 1L;

    private final Breaker.@Nullable Permit permit;
    private final @Nullable Bulkhead slots;
    private final BreakerClock clock;
    private final long start;
    final @Nullable Throwable rejection;

    AttemptReport(Breaker.@Nullable Permit permit, @Nullable Bulkhead slots, BreakerClock clock,
            @Nullable Throwable rejection) {
        this.permit = permit;
        this.slots = slots;
        this.clock = clock;
        this.start = clock.nanoTime();
        this.rejection = rejection;
    }

    /** A Mono's value (checked by the result predicate) or its empty completion. */
    void value(@Nullable Object value) {
        Breaker.Permit reported = end();
        if (reported != null) {
            long duration = clock.nanoTime() - start;
            if (value == null) {
                reported.onSuccess(duration);
            } else {
                reported.onResult(duration, value);
            }
        }
    }

    void complete() {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.onSuccess(clock.nanoTime() - start);
        }
    }

    void error(Throwable error) {
        Breaker.Permit reported = end();
        if (reported != null) {
            LayerChoice.recordError(reported, clock.nanoTime() - start, error);
        }
    }

    /** A cancelled attempt neither succeeded nor failed: the permit is given back (a HALF_OPEN trial slot too). */
    void cancel() {
        Breaker.Permit reported = end();
        if (reported != null) {
            reported.release();
        }
    }

    /** The permit to report on, once; frees the slot first. */
    private Breaker.@Nullable Permit end() {
        if (permit == null || !compareAndSet(false, true)) {
            return null;
        }
        if (slots != null) {
            slots.release();
        }
        return permit;
    }
}
