package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A shared breaker that an application creates after startup, by the first call of an annotated method, starts in
 * the fleet's state: that first call is decided by it.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LazySharedBreakerTest {

    private static EmbeddedRedis redis;

    private final FleetApps fleet = new FleetApps("spring.data.redis.port=" + redis.port());

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopInstances() {
        fleet.close();
    }

    @Test
    void theFirstCallOfAnAnnotatedMethodWhoseBreakerTheFleetOpenedIsRejected() {
        ConfigurableApplicationContext a = fleet.start("a");
        ConfigurableApplicationContext b = fleet.start("b");
        FleetApps.breaker(a, "inventory").transitionToForcedOpenState();
        FleetApps.awaitState("inventory", BreakerState.FORCED_OPEN, a);

        assertThat(b.getBean(BreakerRegistry.class).find("inventory")).as("b's inventory breaker, before its first call")
                .isEmpty();
        assertThatThrownBy(() -> b.getBean(FleetApps.Inventory.class).reserve())
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(FleetApps.breaker(b, "inventory").transitions().get(0).reason())
                .startsWith("shared by instance a: ");
        // Neither instance had a shared breaker at startup: the first one created subscribed it to announcements.
        String channel = "breaker:" + fleet.namespace() + ":transitions";
        await().atMost(FleetApps.BOUND).until(() -> ((List<?>) RedisCommands.call(redis.port(), "PUBSUB", "NUMSUB",
                channel)).get(1).equals(2L));
    }
}
