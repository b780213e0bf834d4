package dev.breaker.aop;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.StaticMethodMatcher;

/**
 * Matches methods annotated with {@code @CircuitBreaker}, and the public methods of annotated classes.
 * Matching builds and checks the plans (it runs when proxies are created), so a bad annotation fails startup
 * with a {@link dev.breaker.autoconfigure.BreakerConfigurationException}.
 */
final class BreakerPointcut extends StaticMethodMatcher implements Pointcut, ClassFilter {

    private final MethodPlans plans;

    BreakerPointcut(MethodPlans plans) {
        this.plans = plans;
    }

    @Override
    public ClassFilter getClassFilter() {
        return this;
    }

    @Override
    public StaticMethodMatcher getMethodMatcher() {
        return this;
    }

    @Override
    public boolean matches(Class<?> targetClass) {
        return plans.protects(targetClass);
    }

    @Override
    public boolean matches(Method method, @Nullable Class<?> targetClass) {
        return plans.planFor(method, targetClass) != null;
    }

    @Override
    public String toString() {
        return "BreakerPointcut: @CircuitBreaker methods and classes";
    }
}
