package dev.breaker.aop;

import dev.breaker.Breaker;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/** Calls whose outcome is known when the method returns or throws. */
final class SyncCalls implements CallStrategy {

    static final SyncCalls INSTANCE = new SyncCalls();

    private SyncCalls() {
    }

    @Override
    public @Nullable Object invoke(MethodPlan plan, MethodInvocation invocation) throws Throwable {
        Breaker breaker = plan.breaker();
        try {
            return breaker.executeChecked(invocation::proceed);
        } catch (Throwable error) {
            return plan.recover(breaker, invocation.getThis(), invocation.getArguments(), error);
        }
    }

    @Override
    public String toString() {
        return "synchronous";
    }
}
