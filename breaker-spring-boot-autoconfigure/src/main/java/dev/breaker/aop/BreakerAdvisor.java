package dev.breaker.aop;

import dev.breaker.definition.GuardRegistry;
import java.util.Set;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;

/**
 * Spring AOP advisor applying {@link dev.breaker.annotation.CircuitBreaker @CircuitBreaker}: annotated methods,
 * and the public methods of annotated classes, run through the named breaker of the registry, with the
 * annotation's fallback when they fail or are rejected. Synchronous methods, {@code CompletionStage} and
 * {@code CompletableFuture}, and (with Reactor) {@code Mono} and {@code Flux} are supported.
 *
 * <p>The auto-proxy creator makes the advisor early, so it resolves neither the guards nor the
 * {@link dev.breaker.FallbackListener}s until the first call that needs them. Annotations are checked when proxies are
 * created: a fallback that cannot serve, or an annotated method a proxy cannot intercept, fails startup with a
 * {@link dev.breaker.definition.BreakerConfigurationException}.
 */
public final class BreakerAdvisor extends AbstractPointcutAdvisor {

    private final Guards guards;
    private final BreakerPointcut pointcut;
    private final BreakerInterceptor interceptor;

    /**
     * @param guards supplies the guards (breakers with their timeouts, bulkheads, retries and fallback
     * listeners) on the first protected call, not before
     */
    public BreakerAdvisor(Supplier<GuardRegistry> guards) {
        this.guards = new Guards(guards);
        MethodPlans plans = new MethodPlans(this.guards);
        this.pointcut = new BreakerPointcut(plans);
        this.interceptor = new BreakerInterceptor(plans);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }

    /** Names of breakers found in annotations while matching beans, so they can be created at startup. */
    public Set<String> discoveredBreakerNames() {
        return guards.names();
    }
}
