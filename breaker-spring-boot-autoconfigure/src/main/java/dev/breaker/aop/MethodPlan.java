package dev.breaker.aop;

import dev.breaker.Fallback;
import dev.breaker.Guard;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Everything a call of one protected method needs, worked out once when the proxy is created: the guard of
 * its breaker (looked up on first call), how to run a call given the return type, and the fallbacks. A call
 * does no annotation lookup, name resolution or reflection search. The rules of a protected call (order of
 * the layers, what is retried, what falls back) are the {@link Guard}'s; this only adapts a method to them.
 */
final class MethodPlan {

    private final String description;
    private final Guards.Ref guard;
    private final CallStrategy strategy;
    private final @Nullable FallbackMethods fallbacks;
    private final Function<MethodInvocation, CompletionStage<Object>> stageCall;

    MethodPlan(String description, Guards.Ref guard, CallStrategy strategy, @Nullable FallbackMethods fallbacks) {
        this.description = description;
        this.guard = guard;
        this.strategy = strategy;
        this.fallbacks = fallbacks;
        this.stageCall = invocation -> StageCalls.proceed(this, invocation);
    }

    Guard guard() {
        return guard.get();
    }

    /**
     * One call of a method returning a stage, made once per plan so that a call passes its invocation instead of
     * capturing it: the stage the method returns, or a failed one if it throws or returns null.
     */
    Function<MethodInvocation, CompletionStage<Object>> stageCall() {
        return stageCall;
    }

    String breakerName() {
        return guard.name();
    }

    CallStrategy strategy() {
        return strategy;
    }

    boolean hasFallback() {
        return fallbacks != null;
    }

    /**
     * The fallback of a call on {@code target} with {@code arguments}: the overload that serves the failure's
     * type, if any. Made only for a failed call. Use when {@link #hasFallback()}.
     */
    Fallback<Object> fallback(@Nullable Object target, @Nullable Object[] arguments) {
        FallbackMethods methods = fallbacks;
        if (methods == null) {
            throw new IllegalStateException(description + " has no fallback");
        }
        return new MethodFallback(methods, target, arguments);
    }

    /** Answers a failed synchronous call with its fallback, or rethrows {@code error} unchanged. */
    @Nullable Object recover(Guard guard, @Nullable Object target, @Nullable Object[] arguments, Throwable error)
            throws Throwable {
        if (fallbacks == null) {
            throw error;
        }
        return guard.recover(error, fallback(target, arguments));
    }

    @Override
    public String toString() {
        return description;
    }

    /** The fallback methods applied to one call's target and arguments. */
    private static final class MethodFallback implements Fallback<Object> {

        private final FallbackMethods methods;
        private final @Nullable Object target;
        private final @Nullable Object[] arguments;

        MethodFallback(FallbackMethods methods, @Nullable Object target, @Nullable Object[] arguments) {
            this.methods = methods;
            this.target = target;
            this.arguments = arguments;
        }

        @Override
        public boolean handles(Throwable cause) {
            return methods.select(cause.getClass()) != null;
        }

        @Override
        public @Nullable Object apply(Throwable cause) throws Throwable {
            FallbackMethod method = methods.select(cause.getClass());
            if (method == null) {
                throw cause;
            }
            return method.invoke(target, arguments, cause);
        }
    }
}
