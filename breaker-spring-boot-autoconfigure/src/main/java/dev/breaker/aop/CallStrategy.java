package dev.breaker.aop;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * How the calls of a protected method are run through its breaker, chosen once from the return type:
 * plain values, completion stages, or (when Reactor is present) {@code Mono} and {@code Flux}.
 */
@FunctionalInterface
interface CallStrategy {

    @Nullable Object invoke(MethodPlan plan, MethodInvocation invocation) throws Throwable;
}
