package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.Bulkhead;
import dev.breaker.CallNotPermittedException;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import dev.breaker.autoconfigure.BreakerLayers;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Calls returning a {@link CompletionStage} or {@link CompletableFuture} of a breaker with layers: the same
 * order as {@link LayeredSyncCalls}, composed onto stages. The timeout completes the stage at the deadline and
 * cancels the late one; retries wait on the breaker's scheduler and start the next attempt (a new call of
 * the method) on another thread; the fallback is composed once onto the outcome of the last attempt.
 */
final class LayeredStageCalls implements CallStrategy {

    private final boolean completableFuture;
    private final @Nullable Retry retry;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable Timeout timeout;

    LayeredStageCalls(BreakerLayers layers, boolean completableFuture) {
        this.completableFuture = completableFuture;
        this.retry = layers.retry();
        this.bulkhead = layers.bulkhead();
        this.timeout = layers.timeout();
    }

    @Override
    public Object invoke(MethodPlan plan, MethodInvocation invocation) {
        Breaker breaker = plan.breaker();
        Retry retrying = retry;
        CompletionStage<Object> stage = (retrying == null) ? attempt(plan, breaker, invocation)
                : retrying.executeCompletionStage(breaker, () -> attempt(plan, breaker, Invocations.fresh(invocation)));
        if (plan.hasFallback()) {
            Object target = invocation.getThis();
            @Nullable Object[] arguments = invocation.getArguments();
            stage = stage.exceptionallyCompose(error -> StageCalls.recover(plan, breaker, target, arguments, error));
        }
        return (completableFuture && !(stage instanceof CompletableFuture)) ? stage.toCompletableFuture() : stage;
    }

    /**
     * One attempt. The returned stage reports to the permit and frees the bulkhead slot when the call's
     * stage completes, however it completes; cancelling it cancels the call's stage.
     */
    private CompletionStage<Object> attempt(MethodPlan plan, Breaker breaker, MethodInvocation invocation) {
        Breaker.Permit permit;
        try {
            permit = breaker.acquirePermit();
        } catch (CallNotPermittedException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        Bulkhead slots = bulkhead;
        if (slots != null && !slots.tryAcquire()) {
            permit.release();
            return CompletableFuture.failedFuture(slots.rejection());
        }
        BreakerClock clock = breaker.config().clock();
        long start = clock.nanoTime();
        Timeout deadline = timeout;
        CompletionStage<Object> call = (deadline == null) ? proceed(plan, invocation)
                : deadline.executeCompletionStage(() -> proceed(plan, invocation));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        call.whenComplete((value, error) -> {
            if (slots != null) {
                slots.release();
            }
            long duration = clock.nanoTime() - start;
            if (error == null) {
                permit.onResult(duration, value);
                outcome.complete(value);
                return;
            }
            Throwable cause = StageCalls.unwrap(error);
            if (cause instanceof CancellationException) {
                permit.release();
            } else {
                LayerChoice.recordError(permit, duration, cause);
            }
            outcome.completeExceptionally(cause);
        });
        outcome.whenComplete((value, error) -> {
            if (outcome.isCancelled()) {
                try {
                    call.toCompletableFuture().cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // It completes on its own, and then gives back its permit and slot.
                }
            }
        });
        return outcome;
    }

    /** A method that throws, or returns null, instead of a stage gives a failed stage, recorded as a failure. */
    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> proceed(MethodPlan plan, MethodInvocation invocation) {
        try {
            Object stage = invocation.proceed();
            return (stage != null) ? (CompletionStage<Object>) stage : CompletableFuture.failedFuture(
                    new NullPointerException(plan + " returned null instead of a CompletionStage"));
        } catch (Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    @Override
    public String toString() {
        return (completableFuture ? "CompletableFuture" : "CompletionStage") + ", with layers";
    }
}
