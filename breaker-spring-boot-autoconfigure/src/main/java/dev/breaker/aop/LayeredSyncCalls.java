package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.Bulkhead;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import dev.breaker.autoconfigure.BreakerLayers;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous calls of a breaker with layers, from the outside in: fallback, retry, circuit breaker,
 * bulkhead, timeout, the method. Each attempt takes a permit (a rejection ends the retries), then a bulkhead
 * slot (a full bulkhead gives the permit back and ends them too), then runs the method, on another thread
 * when there is a timeout so the caller is released at the deadline. The fallback runs once, after the
 * last attempt.
 */
final class LayeredSyncCalls implements CallStrategy {

    private final @Nullable Retry retry;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Timeout timeout;

    LayeredSyncCalls(BreakerLayers layers) {
        this.retry = layers.retry();
        this.bulkhead = layers.bulkhead();
        this.timeout = layers.timeout();
    }

    @Override
    public @Nullable Object invoke(MethodPlan plan, MethodInvocation invocation) throws Throwable {
        Breaker breaker = plan.breaker();
        Retry retrying = retry;
        try {
            return (retrying == null) ? attempt(breaker, invocation)
                    : retrying.executeChecked(breaker, () -> attempt(breaker, Invocations.fresh(invocation)));
        } catch (Throwable error) {
            return plan.recover(breaker, invocation.getThis(), invocation.getArguments(), error);
        }
    }

    /** One attempt through the breaker, the bulkhead and the timeout; its outcome is recorded on its permit. */
    private @Nullable Object attempt(Breaker breaker, MethodInvocation invocation) throws Throwable {
        Breaker.Permit permit = breaker.acquirePermit();
        Bulkhead slots = bulkhead;
        if (slots != null && !slots.tryAcquire()) {
            // Not the dependency's fault: nothing is recorded against it.
            permit.release();
            throw slots.rejection();
        }
        // Timed from the slot on: waiting for the bulkhead is not the dependency being slow.
        BreakerClock clock = breaker.config().clock();
        long start = clock.nanoTime();
        Object result;
        try {
            Timeout deadline = timeout;
            result = (deadline == null) ? invocation.proceed()
                    : deadline.executeChecked(() -> Invocations.proceedElsewhere(invocation));
        } catch (Throwable error) {
            LayerChoice.recordError(permit, clock.nanoTime() - start, error);
            throw error;
        } finally {
            if (slots != null) {
                slots.release();
            }
        }
        permit.onResult(clock.nanoTime() - start, result);
        return result;
    }

    @Override
    public String toString() {
        return "synchronous, with layers";
    }
}
