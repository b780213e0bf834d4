package dev.breaker.aop;

import dev.breaker.Breaker;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Calls returning a {@link CompletionStage} or {@link CompletableFuture}: the breaker records the outcome and
 * duration when the stage completes, not when the method returns, and the fallback is composed onto the stage.
 */
final class StageCalls implements CallStrategy {

    static final StageCalls COMPLETION_STAGE = new StageCalls(false);
    static final StageCalls COMPLETABLE_FUTURE = new StageCalls(true);

    private final boolean completableFuture;

    private StageCalls(boolean completableFuture) {
        this.completableFuture = completableFuture;
    }

    @Override
    public Object invoke(MethodPlan plan, MethodInvocation invocation) {
        Breaker breaker = plan.breaker();
        CompletionStage<Object> stage = breaker.executeCompletionStage(() -> proceed(invocation));
        if (plan.hasFallback()) {
            Object target = invocation.getThis();
            @Nullable Object[] arguments = invocation.getArguments();
            stage = stage.exceptionallyCompose(error -> recover(plan, breaker, target, arguments, error));
        }
        // A method declared to return CompletableFuture must get one, whatever kind of stage composing gave.
        return (completableFuture && !(stage instanceof CompletableFuture)) ? stage.toCompletableFuture() : stage;
    }

    /** A method that throws instead of returning a stage gives a failed stage, recorded as a failure. */
    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> proceed(MethodInvocation invocation) {
        try {
            return (CompletionStage<Object>) invocation.proceed();
        } catch (Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    /** Applies the plan's fallback to a failed stage; shared with {@link LayeredStageCalls}. */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> recover(MethodPlan plan, Breaker breaker, @Nullable Object target,
            @Nullable Object[] arguments, Throwable received) {
        Throwable error = unwrap(received);
        // A cancelled stage is counted as ignored by the breaker, so it is not a failure to fall back from.
        FallbackMethod fallback = (error instanceof CancellationException) ? null : plan.fallbackFor(breaker, error);
        if (fallback == null) {
            return CompletableFuture.failedFuture(received);
        }
        Object result;
        try {
            result = fallback.invoke(target, arguments, error);
        } catch (Throwable failure) {
            plan.fallbackFailed(breaker, error, failure);
            return CompletableFuture.failedFuture(failure);
        }
        if (result == null) {
            plan.fallbackSucceeded(breaker, error);
            return CompletableFuture.completedFuture(null);
        }
        // Listeners hear about the fallback when its own stage completes, like the breaker about the call.
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        ((CompletionStage<Object>) result).whenComplete((value, failure) -> {
            if (failure == null) {
                plan.fallbackSucceeded(breaker, error);
                outcome.complete(value);
            } else {
                Throwable cause = unwrap(failure);
                plan.fallbackFailed(breaker, error, cause);
                outcome.completeExceptionally(cause);
            }
        });
        return outcome;
    }

    static Throwable unwrap(Throwable error) {
        return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
    }

    @Override
    public String toString() {
        return completableFuture ? "CompletableFuture" : "CompletionStage";
    }
}
