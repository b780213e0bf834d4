package dev.breaker.aop;

import dev.breaker.Fallback;
import dev.breaker.Guard;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Calls returning a {@link CompletionStage} or {@link CompletableFuture}: the guard records each attempt when
 * its stage completes, not when the method returns, and the fallback is composed onto the outcome.
 */
final class StageCalls implements CallStrategy {

    static final StageCalls COMPLETION_STAGE = new StageCalls(false);
    static final StageCalls COMPLETABLE_FUTURE = new StageCalls(true);

    private final boolean completableFuture;

    private StageCalls(boolean completableFuture) {
        this.completableFuture = completableFuture;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(MethodPlan plan, MethodInvocation invocation) {
        Guard guard = plan.guard();
        CompletionStage<Object> stage;
        if (!guard.hasLayers()) {
            // One attempt on this invocation, through the plan's own function: nothing allocated but the stage.
            stage = guard.executeStageWith(invocation, plan.stageCall());
        } else {
            // With a retry, each attempt is a new call of the method, on a fresh invocation (unless nothing follows).
            boolean again = guard.retry() != null && !Invocations.rerunnable(invocation);
            Supplier<CompletionStage<Object>> call = () -> proceed(plan, again ? Invocations.fresh(invocation)
                    : invocation);
            stage = guard.executeStage(call);
        }
        if (plan.hasFallback()) {
            Object target = invocation.getThis();
            @Nullable Object[] arguments = invocation.getArguments();
            stage = stage.exceptionallyCompose(error -> guard.recoverStage(error,
                    (Fallback<CompletionStage<Object>>) (Fallback<?>) plan.fallback(target, arguments)));
        }
        // A method declared to return CompletableFuture must get one, whatever kind of stage composing gave.
        return (completableFuture && !(stage instanceof CompletableFuture)) ? stage.toCompletableFuture() : stage;
    }

    /** A method that throws, or returns null, instead of a stage gives a failed stage, recorded as a failure. */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> proceed(MethodPlan plan, MethodInvocation invocation) {
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
        return completableFuture ? "CompletableFuture" : "CompletionStage";
    }
}
