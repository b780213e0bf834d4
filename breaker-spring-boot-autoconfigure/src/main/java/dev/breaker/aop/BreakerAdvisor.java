package dev.breaker.aop;

import dev.breaker.BreakerRegistry;
import dev.breaker.autoconfigure.BreakerLayerRegistry;
import java.util.Set;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Spring AOP advisor applying {@link dev.breaker.annotation.CircuitBreaker @CircuitBreaker}: annotated methods,
 * and the public methods of annotated classes, run through the named breaker of the registry, with the
 * annotation's fallback when they fail or are rejected. Synchronous methods, {@code CompletionStage} and
 * {@code CompletableFuture}, and (with Reactor) {@code Mono} and {@code Flux} are supported.
 *
 * <p>The auto-proxy creator makes the advisor early, so it resolves neither the registry nor the
 * {@link FallbackListener}s until the first call that needs them. Annotations are checked when proxies are
 * created: a fallback that cannot serve, or an annotated method a proxy cannot intercept, fails startup with a
 * {@link dev.breaker.autoconfigure.BreakerConfigurationException}.
 */
public final class BreakerAdvisor extends AbstractPointcutAdvisor {

    private final Breakers breakers;
    private final BreakerPointcut pointcut;
    private final BreakerInterceptor interceptor;

    /**
     * @param registry supplies the registry on the first protected call (not before)
     * @param fallbackListeners the listeners told about each fallback, resolved on first use; may be empty
     */
    public BreakerAdvisor(Supplier<BreakerRegistry> registry,
            @Nullable ObjectProvider<FallbackListener> fallbackListeners) {
        this(registry, null, fallbackListeners);
    }

    /**
     * @param registry supplies the registry on the first protected call (not before)
     * @param layers supplies the breakers' timeouts, bulkheads and retries on the first call of each method
     * (it may supply null: no layers); {@code null}: no layers at all
     * @param fallbackListeners the listeners told about each fallback, resolved on first use; may be empty
     */
    public BreakerAdvisor(Supplier<BreakerRegistry> registry, @Nullable Supplier<@Nullable BreakerLayerRegistry> layers,
            @Nullable ObjectProvider<FallbackListener> fallbackListeners) {
        this.breakers = new Breakers(registry);
        MethodPlans plans = new MethodPlans(breakers, new FallbackListeners(fallbackListeners), layers);
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
        return breakers.names();
    }
}
