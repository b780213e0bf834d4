package dev.breaker.aop;

import org.springframework.beans.factory.ObjectProvider;
import org.jspecify.annotations.Nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FallbackListener;
import dev.breaker.ManualClock;
import dev.breaker.definition.FallbackListeners;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * A registry on a {@link ManualClock} (window of 4 calls, 4 needed to judge, 10s open wait, one half-open
 * trial), an advisor over it, and a listener that records every fallback.
 */
final class AopFixture {

    static final Duration OPEN_WAIT = Duration.ofSeconds(10);

    final ManualClock clock = new ManualClock();
    final List<FallbackEvent> fallbacks = new CopyOnWriteArrayList<>();
    final BreakerRegistry registry;
    final BreakerAdvisor advisor;

    AopFixture() {
        this(UnaryOperator.identity());
    }

    AopFixture(UnaryOperator<BreakerConfig.Builder> customizer) {
        BreakerConfig config = customizer.apply(BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(OPEN_WAIT)
                .permittedNumberOfCallsInHalfOpenState(1)).build();
        this.registry = BreakerRegistry.builder().defaultConfig(config).build();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("recordingListener", (FallbackListener) (breaker, cause, succeeded) ->
                fallbacks.add(new FallbackEvent(breaker.name(), cause, succeeded)));
        GuardRegistry guards = guards(registry, beans.getBeanProvider(FallbackListener.class));
        this.advisor = new BreakerAdvisor(() -> guards);
    }

    /** Guards without layers over {@code registry}, telling {@code listeners} (if any) about fallbacks. */
    static GuardRegistry guards(BreakerRegistry registry, @Nullable ObjectProvider<FallbackListener> listeners) {
        return new GuardRegistry(registry, name -> LayerSettings.NONE, new FallbackListeners(listeners));
    }

    /** A class-based proxy of {@code target} with the advisor, as Boot's auto-proxy creator makes it. */
    <T> T proxy(T target) {
        return proxy(target, advisor);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(T target, BreakerAdvisor advisor) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(advisor);
        return (T) factory.getProxy();
    }

    Breaker breaker(String name) {
        return registry.breaker(name);
    }

    /** Fails enough calls to open the breaker. */
    Breaker open(String name) {
        Breaker breaker = breaker(name);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("downstream down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        return breaker;
    }

    /** Opens the breaker and waits out the open state, so that the next call is the half-open trial. */
    Breaker halfOpen(String name) {
        Breaker breaker = open(name);
        clock.advance(OPEN_WAIT);
        return breaker;
    }

    record FallbackEvent(String breaker, Throwable cause, boolean succeeded) {
    }
}
