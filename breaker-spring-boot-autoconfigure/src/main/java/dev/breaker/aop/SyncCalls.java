package dev.breaker.aop;

import dev.breaker.Guard;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/** Calls whose outcome is known when the method returns or throws: run through the guard as they are. */
final class SyncCalls implements CallStrategy {

    static final SyncCalls INSTANCE = new SyncCalls();

    private SyncCalls() {
    }

    @Override
    public @Nullable Object invoke(MethodPlan plan, MethodInvocation invocation) throws Throwable {
        Guard guard = plan.guard();
        try {
            // Without layers the invocation proceeds once, on this thread: the breaker's own path and cost. Either
            // way the call is a constant given the invocation, so nothing is allocated to pass it, even if not inlined.
            return guard.executeWith(invocation,
                    guard.hasLayers() ? Invocations.attempts(guard, invocation) : MethodInvocation::proceed);
        } catch (Throwable error) {
            return plan.recover(guard, invocation.getThis(), invocation.getArguments(), error);
        }
    }

    @Override
    public String toString() {
        return "synchronous";
    }
}
