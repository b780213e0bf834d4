package dev.breaker.aop;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/** Runs each call of a protected method through its breaker, as its precomputed plan says. */
final class BreakerInterceptor implements MethodInterceptor {

    private final MethodPlans plans;

    BreakerInterceptor(MethodPlans plans) {
        this.plans = plans;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = (target != null) ? target.getClass() : null;
        // An identity-table read: the plan was built when the pointcut matched this method at proxy creation.
        MethodPlan plan = plans.planFor(invocation.getMethod(), targetClass);
        return (plan != null) ? plan.strategy().invoke(plan, invocation) : invocation.proceed();
    }

    @Override
    public String toString() {
        return "BreakerInterceptor";
    }
}
