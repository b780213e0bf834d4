package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.annotation.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Instances of one service as application contexts, each with its own Redis connections from Boot's
 * {@code spring.data.redis.*}, every breaker shared ({@code breaker.defaults.shared}): opens after 4 failures of 4,
 * 2 trial calls. {@link #close()} closes them all.
 */
final class FleetApps implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(15);

    private final List<String> redis;
    private final String namespace = "fleet-" + UUID.randomUUID();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    /** @param redis where Redis is, as {@code spring.data.redis.*} properties */
    FleetApps(String... redis) {
        this.redis = List.of(redis);
    }

    /** Starts instance {@code id}; {@code extra} properties come last and win. */
    ConfigurableApplicationContext start(String id, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.main.log-startup-info=false",
                "spring.data.redis.timeout=2s",
                "breaker.shared.namespace=" + namespace,
                "breaker.shared.instance-id=" + id,
                "breaker.shared.timeout=500ms",
                "breaker.shared.reconcile-interval=300ms",
                "breaker.defaults.shared=true",
                "breaker.defaults.sliding-window-size=4",
                "breaker.defaults.minimum-number-of-calls=4",
                "breaker.defaults.wait-duration-in-open-state=60s",
                "breaker.defaults.permitted-number-of-calls-in-half-open-state=2"));
        properties.addAll(redis);
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties(properties.toArray(String[]::new)).run();
        started.add(context);
        return context;
    }

    String namespace() {
        return namespace;
    }

    static Breaker breaker(ConfigurableApplicationContext instance, String name) {
        return instance.getBean(BreakerRegistry.class).breaker(name);
    }

    static SyncStatus sync(ConfigurableApplicationContext instance, String name) {
        return instance.getBean(FleetSyncStatus.class).status(name).orElseThrow();
    }

    /** Fails 4 calls of {@code name}'s breaker on {@code instance}: it opens. */
    static void failUntilOpen(ConfigurableApplicationContext instance, String name) {
        Breaker breaker = breaker(instance, name);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.execute(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    /** Whether a call of {@code name}'s breaker on {@code instance} is let through (and succeeds). */
    static boolean succeeds(ConfigurableApplicationContext instance, String name) {
        try {
            return "ok".equals(breaker(instance, name).execute(() -> "ok"));
        } catch (CallNotPermittedException rejected) {
            return false;
        }
    }

    /** Waits until {@code name}'s breaker is in {@code state} on each of {@code instances}, and synced. */
    static void awaitState(String name, BreakerState state, ConfigurableApplicationContext... instances) {
        for (ConfigurableApplicationContext instance : instances) {
            await().atMost(BOUND).untilAsserted(() -> {
                assertThat(breaker(instance, name).state()).as("%s on %s", name, id(instance)).isEqualTo(state);
                assertThat(sync(instance, name).status()).as("sync of %s on %s", name, id(instance))
                        .isEqualTo(SyncState.SYNCED);
            });
        }
    }

    private static String id(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getProperty("breaker.shared.instance-id");
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        /** Made on first use, after startup: its breaker, named nowhere else, is created by its first call. */
        @Bean
        @Lazy
        Inventory inventory() {
            return new Inventory();
        }
    }

    static class Inventory {

        @CircuitBreaker(name = "inventory")
        public String reserve() {
            return "reserved";
        }
    }
}
