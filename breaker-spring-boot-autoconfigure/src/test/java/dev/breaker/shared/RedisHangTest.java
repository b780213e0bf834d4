package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Redis that hangs ({@code kill -STOP}: connections stay open, nothing answers) rather than refusing
 * connections, while an instance's breaker opens and closes again: when Redis resumes it runs everything it
 * was sent, and the fleet must still agree on the one state that is true, with one version per transition.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RedisHangTest extends RedisFleetTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(10);


    private final String namespace = "hang-" + UUID.randomUUID();
    private final ManualClock clock = new ManualClock();

    private FleetInstance instance(String id) {
        BreakerConfig config = BreakerConfig.builder().slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(OPEN_WAIT).permittedNumberOfCallsInHalfOpenState(2)
                .clock(clock).scheduler(clock).build();
        FleetInstance instance = new FleetInstance(redis.port(), FleetInstance.settings(namespace, id).build(),
                config);
        instances.add(instance);
        return instance;
    }

    /** What Redis holds for the breaker, read past the instances. */
    private @Nullable StoredState stored() {
        Map<String, String> hash = template.<String, String>opsForHash()
                .entries("breaker:" + namespace + ":{" + FleetInstance.BREAKER + "}");
        return StoredState.parse(hash);
    }

    private void awaitAgreement(BreakerState state, FleetInstance... fleet) {
        await().atMost(BOUND).untilAsserted(() -> {
            StoredState stored = stored();
            assertThat(stored).isNotNull();
            assertThat(stored.state()).as("state in Redis").isEqualTo(state);
            for (FleetInstance instance : fleet) {
                assertThat(instance.payment().state()).as("state of %s", instance.sync).isEqualTo(state);
                assertThat(instance.status().status()).as("sync of %s", instance.sync).isEqualTo(SyncState.SYNCED);
                assertThat(instance.status().version()).as("version of %s", instance.sync)
                        .isEqualTo(stored.version());
            }
        });
    }

    @Test
    void aFleetThatOpenedAndClosedWhileRedisHungAgreesOnceItResumesWithOneVersionPerTransition() {
        FleetInstance one = instance("one");
        FleetInstance two = instance("two");
        // Some history first, so that the fleet is at version 2 when Redis hangs.
        one.payment().transitionToForcedOpenState();
        awaitAgreement(BreakerState.FORCED_OPEN, one, two);
        one.payment().reset();
        awaitAgreement(BreakerState.CLOSED, one, two);
        long before = stored().version();

        try (Announcements announcements = new Announcements(redis.port(),
                "breaker:" + namespace + ":transitions")) {
            redis.pause();
            try {
                one.failUntilOpen();
                // The write of OPEN waits in the socket; each reconcile, after a timeout, sends it again.
                await().atMost(BOUND).until(() -> one.status().errors() >= 5);
                clock.advance(OPEN_WAIT);
                // The open wait ends while Redis still hangs: trial calls run on the local limit and close it.
                await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                        .until(() -> one.succeed() && one.payment().state() == BreakerState.CLOSED);
                long errors = one.status().errors();
                // And the write of CLOSED is sent several times too.
                await().atMost(BOUND).until(() -> one.status().errors() >= errors + 4);
                assertThat(one.status().status()).isEqualTo(SyncState.UNAVAILABLE);
            } finally {
                redis.resume();
            }

            // Redis runs every copy it was sent; the fleet still ends up where instance one is: CLOSED, by its
            // trials. One version and one announcement per transition that happened: OPEN, then CLOSED.
            awaitAgreement(BreakerState.CLOSED, one, two);
            StoredState stored = stored();
            assertThat(stored.version()).as("version after the hang; it was %d before", before)
                    .isEqualTo(before + 2);
            assertThat(stored.origin()).isEqualTo("one");
            String opened = (before + 1) + "\n" + FleetInstance.BREAKER;
            String closed = (before + 2) + "\n" + FleetInstance.BREAKER;
            await().atMost(BOUND).until(() -> announcements.received.contains(closed));
            assertThat(announcements.received).containsExactly(opened, closed);
        }
    }

    @Test
    void aBreakerCreatedWhileRedisHangsWaitsAtMostTheTimeoutBeforeItsFirstCall() {
        FleetInstance one = new FleetInstance(redis.port(), FleetInstance.settings(namespace, "one")
                .timeout(Duration.ofSeconds(1)).build(), BreakerConfig.builder().build());
        instances.add(one);
        redis.pause();
        try {
            // The registry's new breaker waits for the fleet's state, which does not come: after the timeout the
            // breaker decides alone.
            long started = System.nanoTime();
            assertThat(one.registry.breaker("stock").execute(() -> "reserved")).isEqualTo("reserved");
            Duration firstCall = Duration.ofNanos(System.nanoTime() - started);
            assertThat(firstCall).isBetween(Duration.ofMillis(900), Duration.ofMillis(1500));
            // The wait was the breaker's creation only.
            started = System.nanoTime();
            assertThat(one.registry.breaker("stock").execute(() -> "reserved")).isEqualTo("reserved");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        } finally {
            redis.resume();
        }
    }

    @Test
    void subscribingAgainWhileRedisHangsDoesNotHoldUpTheSyncThread() throws Exception {
        SharedStateSettings settings = FleetInstance.settings(namespace, "one").timeout(Duration.ofSeconds(2)).build();
        LettuceConnectionFactory own = new LettuceConnectionFactory("127.0.0.1", redis.port());
        own.afterPropertiesSet();
        own.start();
        FleetSubscriber subscriber = new FleetSubscriber(own, settings, (version, name) -> { }, failed -> { });
        try {
            redis.pause();
            try {
                // Subscribing waits up to the timeout (2s) for Redis to confirm; the reconcile must not.
                long started = System.nanoTime();
                subscriber.resubscribeIfLost();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            } finally {
                redis.resume();
            }
            // Once Redis answers, an attempt (that one, or a later one if that one gave up) subscribes.
            await().atMost(BOUND).until(() -> {
                subscriber.resubscribeIfLost();
                return subscribers(settings.channel()) == 1;
            });
        } finally {
            subscriber.destroy();
            own.destroy();
        }
    }

    private static long subscribers(String channel) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().pubsubNumsub(channel).get(channel);
        } finally {
            client.shutdown();
        }
    }
}
