package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.SlidingWindowType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fleet windows of instances built without Spring, over a real Redis that they stop reporting to, that pauses
 * ({@code kill -STOP}), or whose shared state moves on: figures age out, go stale without tripping anything, and
 * start empty with each new shared state.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FleetWindowRedisTest extends RedisFleetTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final String namespace = "fleet-window-" + UUID.randomUUID();

    /** An instance whose breaker has a fleet window of {@code seconds} and needs 4 calls, locally or fleet-wide. */
    private FleetInstance instance(String id, int seconds) {
        BreakerConfig config = BreakerConfig.builder().slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(seconds).minimumNumberOfCalls(4).waitDurationInOpenState(Duration.ofSeconds(60))
                .build();
        FleetInstance instance = new FleetInstance(redis.port(), FleetInstance.settings(namespace, id).build(), config,
                true);
        instances.add(instance);
        return instance;
    }

    private static FleetWindowStatus window(FleetInstance instance) {
        return instance.sync.window(FleetInstance.BREAKER).orElseThrow();
    }

    @Test
    void theCallsOfAnInstanceThatStopsReportingAgeOutWithTheWindow() {
        FleetInstance gone = instance("gone", 2);
        FleetInstance stays = instance("stays", 2);
        for (int i = 0; i < 3; i++) {
            assertThat(gone.succeed()).isTrue();
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(window(stays)).satisfies(fleet -> {
            assertThat(fleet.calls()).isEqualTo(3);
            assertThat(fleet.instances()).isEqualTo(1);
        }));

        gone.close();

        await().atMost(BOUND).untilAsserted(() -> assertThat(window(stays)).satisfies(fleet -> {
            assertThat(fleet.calls()).isZero();
            assertThat(fleet.instances()).isZero();
            assertThat(fleet.stale()).isFalse();
        }));
    }

    @Test
    void whileRedisHangsTheFleetFiguresAreStaleAndTheLocalWindowStillOpens() {
        FleetInstance a = instance("a", 60);
        FleetInstance b = instance("b", 60);
        assertThat(a.succeed()).isTrue();
        await().atMost(BOUND).untilAsserted(() -> assertThat(window(b).calls()).isEqualTo(1));
        assertThat(window(b).stale()).isFalse();

        redis.pause();
        try {
            await().atMost(BOUND).untilAsserted(() -> assertThat(window(b).stale()).isTrue());
            assertThat(a.succeed()).as("calls go on, with no wait on Redis").isTrue();

            b.fail(4);

            assertThat(b.payment().state()).isEqualTo(BreakerState.OPEN);
            assertThat(b.payment().transitions().get(0).reason()).isEqualTo("failure rate 100% >= 50%");
            assertThat(b.status().status()).isEqualTo(SyncState.UNAVAILABLE);
        } finally {
            redis.resume();
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(window(a).stale()).isFalse());
        await().atMost(BOUND).untilAsserted(() -> assertThat(a.payment().state()).isEqualTo(BreakerState.OPEN));
    }

    @Test
    void theFleetTripsOnCallsNoInstanceHasEnoughOfAndTheWindowStartsEmptyWhenTheBreakerCloses() {
        FleetInstance a = instance("a", 60);
        FleetInstance b = instance("b", 60);

        a.fail(2);
        b.fail(2);

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(a.payment().state()).isEqualTo(BreakerState.OPEN);
            assertThat(b.payment().state()).isEqualTo(BreakerState.OPEN);
        });
        assertThat(a.payment().transitions().get(0).reason()).endsWith("fleet failure rate 100% over 4 calls from 2"
                + " instances");

        a.payment().transitionToClosedState();

        // The failures that opened the breaker are of the window before: they must not open it again.
        await().during(Duration.ofMillis(2500)).atMost(BOUND).until(() -> b.payment().state() == BreakerState.CLOSED
                && a.payment().state() == BreakerState.CLOSED);
        await().atMost(BOUND).untilAsserted(() -> assertThat(window(b)).satisfies(fleet -> {
            assertThat(fleet.calls()).isZero();
            assertThat(fleet.stale()).isFalse();
        }));
    }
}
