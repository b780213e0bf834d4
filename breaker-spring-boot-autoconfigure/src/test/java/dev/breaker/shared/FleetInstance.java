package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * One instance of a service without Spring's context: its own Redis connections, {@link RedisFleetSync} and
 * registry, with one shared breaker from the start, {@code payment} (any other name gives a shared breaker with the
 * same config when first asked for). Lighter than an application context, and its breaker
 * can run on a {@link dev.breaker.ManualClock}.
 */
final class FleetInstance implements AutoCloseable {

    static final String BREAKER = "payment";

    private final LettuceConnectionFactory connections;
    final RedisFleetSync sync;
    final BreakerRegistry registry;

    /** @param config the breaker's config, without its fleet sync (this instance adds it) */
    FleetInstance(int port, SharedStateSettings settings, BreakerConfig config) {
        this(port, settings, config, false);
    }

    /**
     * @param config the breaker's config, without its fleet sync (this instance adds it)
     * @param windowed whether the breaker has a fleet window ({@code shared-window: true})
     */
    FleetInstance(int port, SharedStateSettings settings, BreakerConfig config, boolean windowed) {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        connections.afterPropertiesSet();
        connections.start();
        AtomicReference<BreakerRegistry> breakers = new AtomicReference<>();
        sync = new RedisFleetSync(new ReactiveStringRedisTemplate(connections), connections, settings, breakers::get);
        BreakerConfig shared = config.toBuilder().fleetSync(windowed ? sync.windowed() : sync).build();
        // payment from the start; any other name is a shared breaker created when first asked for.
        registry = BreakerRegistry.builder().config(BREAKER, shared).configResolver(name -> shared).build();
        breakers.set(registry);
        registry.breaker(BREAKER);
        sync.start();
    }

    /** Settings of an instance of the service {@code namespace}, quick to notice a Redis that does not answer. */
    static SharedStateSettings.Builder settings(String namespace, String instanceId) {
        return SharedStateSettings.builder().keyPrefix("breaker").namespace(namespace).instanceId(instanceId)
                .timeout(Duration.ofMillis(300)).reconcileInterval(Duration.ofMillis(200))
                .probeLeaseTime(Duration.ofSeconds(10));
    }

    Breaker payment() {
        return registry.breaker(BREAKER);
    }

    SyncStatus status() {
        return sync.status(BREAKER).orElseThrow();
    }

    /** One call that succeeds; true if the breaker let it through, false if it rejected it. */
    boolean succeed() {
        try {
            payment().execute(() -> "paid");
            return true;
        } catch (CallNotPermittedException rejected) {
            return false;
        }
    }

    /** Fails {@code calls} calls; the breaker lets each through (it is CLOSED). */
    void fail(int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> payment().execute(() -> {
                throw new IllegalStateException("payment provider down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Fails calls until the breaker opens (a window of 4, all failures). */
    void failUntilOpen() {
        fail(4);
        assertThat(payment().state()).isEqualTo(BreakerState.OPEN);
    }

    @Override
    public void close() {
        sync.stop();
        try {
            sync.destroy();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
        connections.destroy();
    }
}
