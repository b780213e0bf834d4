package dev.breaker.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.aop.AopFixture.FallbackEvent;
import dev.breaker.autoconfigure.BreakerDefinitions;
import dev.breaker.definition.FallbackListeners;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.autoconfigure.BreakerProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Breakers with layers, from {@code breaker.*} properties bound as Boot binds them, on a {@link ManualClock}
 * that is also the scheduler of every deadline and retry wait: window of 4 calls, 4 needed to judge, 10s
 * open wait, one half-open trial. An advisor over them records every fallback.
 */
final class LayersFixture {

    static final Duration OPEN_WAIT = Duration.ofSeconds(10);

    final ManualClock clock = new ManualClock();
    final List<FallbackEvent> fallbacks = new CopyOnWriteArrayList<>();
    final BreakerRegistry registry;
    final GuardRegistry layers;
    final BreakerAdvisor advisor;

    /** @param properties {@code key=value} pairs under {@code breaker.} */
    LayersFixture(String... properties) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("breaker.defaults.sliding-window-size", "4");
        map.put("breaker.defaults.minimum-number-of-calls", "4");
        map.put("breaker.defaults.wait-duration-in-open-state", OPEN_WAIT.toString());
        map.put("breaker.defaults.permitted-number-of-calls-in-half-open-state", "1");
        for (String property : properties) {
            int equals = property.indexOf('=');
            map.put("breaker." + property.substring(0, equals), property.substring(equals + 1));
        }
        BreakerProperties bound = new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("breaker", BreakerProperties.class);
        BreakerDefinitions definitions = new BreakerDefinitions(bound, List.of(), getClass().getClassLoader(),
                clock, clock);
        this.registry = BreakerRegistry.builder().configResolver(name -> definitions.definition(name).config())
                .build();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("recordingListener", (FallbackListener) (breaker, cause, succeeded) ->
                fallbacks.add(new FallbackEvent(breaker.name(), cause, succeeded)));
        this.layers = new GuardRegistry(registry, name -> definitions.definition(name).layers(),
                new FallbackListeners(beans.getBeanProvider(FallbackListener.class)));
        this.advisor = new BreakerAdvisor(() -> layers);
    }

    /** A class-based proxy of {@code target}, with the advisor and then {@code inner} advice, if any. */
    @SuppressWarnings("unchecked")
    <T> T proxy(T target, org.aopalliance.aop.Advice... inner) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(advisor);
        for (org.aopalliance.aop.Advice advice : inner) {
            factory.addAdvice(advice);
        }
        return (T) factory.getProxy();
    }

    Breaker breaker(String name) {
        return registry.breaker(name);
    }

    /** The guard of a breaker that has layers. */
    Guard layers(String name) {
        Guard guard = layers.guard(name);
        assertThat(guard.hasLayers()).as("layers of " + name).isTrue();
        return guard;
    }
}
