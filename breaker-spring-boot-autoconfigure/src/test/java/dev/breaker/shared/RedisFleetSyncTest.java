package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link RedisFleetSync} against a real Redis, with instances built without Spring and breakers on a manual
 * clock: how an instance settles with what Redis holds, and how it takes HALF_OPEN trial permits.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RedisFleetSyncTest extends RedisFleetTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(10);
    /** Polls quickly enough to see permits that go back within a tenth of the lease time. */
    private static final Duration POLL = Duration.ofMillis(10);


    private final String namespace = "sync-" + UUID.randomUUID();
    private final String key = "breaker:" + namespace + ":{" + FleetInstance.BREAKER + "}";
    private final ManualClock clock = new ManualClock();

    /** An instance whose breaker opens after 4 failures of 4 and lets {@code trials} trial calls through. */
    private FleetInstance instance(String id, int trials, boolean halfOpenByItself,
            UnaryOperator<SharedStateSettings.Builder> settings) {
        BreakerConfig config = BreakerConfig.builder().slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(OPEN_WAIT).permittedNumberOfCallsInHalfOpenState(trials)
                .automaticTransitionToHalfOpen(halfOpenByItself).clock(clock).scheduler(clock).build();
        FleetInstance instance = new FleetInstance(redis.port(),
                settings.apply(FleetInstance.settings(namespace, id)).build(), config);
        instances.add(instance);
        return instance;
    }

    private @Nullable StoredState stored() {
        Map<String, String> hash = template.<String, String>opsForHash().entries(key);
        return StoredState.parse(hash);
    }

    private long heldPermits() {
        Long held = template.opsForZSet().zCard(key + ":probes");
        return held == null ? 0 : held;
    }

    private static RedisProbeGate gate(FleetInstance instance) {
        RedisProbeGate gate = instance.sync.tracked(FleetInstance.BREAKER).visitGate();
        assertThat(gate).as("the gate of the HALF_OPEN visit").isNotNull();
        return gate;
    }

    @Test
    void anOlderTransitionOfItsOwnThatRedisHoldsOverItsNewerOneIsWrittenAgain() {
        // No periodic compare during the test: only the write of CLOSED and its answer move things.
        // Permits that wait for the trial calls longer than the test needs (a tenth of the lease time).
        UnaryOperator<SharedStateSettings.Builder> quiet = settings -> settings
                .reconcileInterval(Duration.ofMinutes(1)).probeLeaseTime(Duration.ofSeconds(30));
        FleetInstance one = instance("one", 2, true, quiet);
        FleetInstance two = instance("two", 2, false, quiet);
        one.failUntilOpen();
        await().atMost(BOUND).until(() -> two.payment().state() == BreakerState.OPEN
                && one.status().status() == SyncState.SYNCED && one.status().version() == 1);

        clock.advance(OPEN_WAIT);
        await().atMost(BOUND).pollInterval(POLL).until(() -> gate(one).readyPermits() == 2);
        // A copy of one's OPEN lands now, unheard by anyone (one's write of it timed out, say, while the copy
        // waited in the socket of a hanging Redis): version 2, origin one, which one does not know of.
        template.execute(RedisScripts.WRITE, List.of(key, key + ":applied"), "nobody", FleetInstance.BREAKER, "1",
                UUID.randomUUID().toString(), "OPEN", "0", "0", "1735689610000", "1735689600000", "one",
                "failure rate 100% >= 50%");

        // one's trial calls succeed: it closes, and its CLOSED, based on version 1, is refused as stale in
        // favour of one's own older OPEN. one knows better, and writes CLOSED again.
        assertThat(one.succeed()).isTrue();
        assertThat(one.succeed()).isTrue();
        assertThat(one.payment().state()).isEqualTo(BreakerState.CLOSED);
        await().atMost(BOUND).untilAsserted(() -> {
            StoredState stored = stored();
            assertThat(stored.state()).isEqualTo(BreakerState.CLOSED);
            assertThat(stored.version()).isEqualTo(3);
            assertThat(stored.origin()).isEqualTo("one");
            assertThat(one.status().status()).isEqualTo(SyncState.SYNCED);
            assertThat(one.status().version()).isEqualTo(3);
            assertThat(two.payment().state()).isEqualTo(BreakerState.CLOSED);
            assertThat(two.status().status()).isEqualTo(SyncState.SYNCED);
            assertThat(two.status().version()).isEqualTo(3);
        });
        assertThat(one.payment().state()).isEqualTo(BreakerState.CLOSED);
    }

    /**
     * What a failover to a replica that had not yet received the last write leaves: Redis holds the state before
     * it, which every instance has seen. The instance that made the lost transition writes it again; the other keeps
     * its state instead of going back; an instance that starts afterwards finds the lost state in Redis.
     */
    @ParameterizedTest(name = "lost: {0}")
    @ValueSource(strings = {"OPEN", "FORCED_OPEN"})
    void aTransitionRedisLostIsWrittenAgainByTheInstanceThatMadeIt(BreakerState lost) {
        FleetInstance one = instance("one", 2, true, UnaryOperator.identity());
        FleetInstance two = instance("two", 2, true, UnaryOperator.identity());
        two.payment().transitionToForcedOpenState();
        await().atMost(BOUND).until(() -> one.payment().state() == BreakerState.FORCED_OPEN);
        two.payment().reset();
        await().atMost(BOUND).until(() -> one.payment().state() == BreakerState.CLOSED
                && one.status().status() == SyncState.SYNCED && one.status().version() == 2);
        Map<String, String> before = template.<String, String>opsForHash().entries(key);

        if (lost == BreakerState.OPEN) {
            one.failUntilOpen();
        } else {
            one.payment().transitionToForcedOpenState();
        }
        await().atMost(BOUND).until(() -> two.payment().state() == lost && two.status().version() == 3);
        long closings = closings(two);
        // Redis loses version 3: it holds version 2 again, and has no record of having applied 3.
        template.opsForZSet().remove(key + ":applied", stored().id());
        template.opsForHash().putAll(key, before);

        await().atMost(BOUND).untilAsserted(() -> {
            StoredState stored = stored();
            assertThat(stored.state()).isEqualTo(lost);
            assertThat(stored.origin()).isEqualTo("one");
            assertThat(stored.version()).isEqualTo(3);
            for (FleetInstance instance : List.of(one, two)) {
                assertThat(instance.payment().state()).isEqualTo(lost);
                assertThat(instance.status().status()).isEqualTo(SyncState.SYNCED);
                assertThat(instance.status().version()).isEqualTo(3);
            }
        });
        assertThat(closings(two)).as("two's transitions to CLOSED").isEqualTo(closings);
        assertThat(instance("three", 2, true, UnaryOperator.identity()).payment().state()).isEqualTo(lost);
    }

    private static long closings(FleetInstance instance) {
        return instance.payment().transitions().stream().filter(transition -> transition.to() == BreakerState.CLOSED)
                .count();
    }

    @Test
    void aBreakerCreatedWhileRunningReadsTheFleetsStateBeforeItsFirstCall() {
        FleetInstance one = instance("one", 2, true, UnaryOperator.identity());
        FleetInstance two = instance("two", 2, true, UnaryOperator.identity());
        Breaker stock = one.registry.breaker("stock");
        for (int i = 0; i < 4; i++) {
            stock.onError(Duration.ZERO, new IllegalStateException("down"));
        }
        assertThat(stock.state()).isEqualTo(BreakerState.OPEN);
        await().atMost(BOUND).until(() -> StoredState.parse(template.<String, String>opsForHash()
                .entries("breaker:" + namespace + ":{stock}")) != null);

        // two creates its stock breaker now (the first call of an annotated method would): the registry returns it
        // in the fleet's state, so its first call is rejected.
        assertThat(two.registry.find("stock")).isEmpty();
        Breaker created = two.registry.breaker("stock");
        assertThat(created.state()).isEqualTo(BreakerState.OPEN);
        assertThat(created.tryAcquirePermission()).isFalse();
    }

    @Test
    void anUpgradeFromTheUntaggedKeysStartsFromEmptySharedState() {
        // What a release before the hash-tagged keys left: an operator's FORCED_OPEN at breaker:<namespace>:payment.
        String untagged = "breaker:" + namespace + ":" + FleetInstance.BREAKER;
        template.opsForHash().putAll(untagged, Map.of("version", "3", "state", "FORCED_OPEN", "operator", "1",
                "reopen", "0", "retryAt", "", "at", "1735689600000", "origin", "old", "reason", "forced", "id", "x"));

        // Instances of this release neither read nor move it: they start CLOSED, and Redis holds no state of theirs.
        FleetInstance one = instance("one", 2, true, UnaryOperator.identity());
        await().atMost(BOUND).until(() -> one.status().status() == SyncState.SYNCED);
        assertThat(one.payment().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(stored()).isNull();
        assertThat(template.<String, String>opsForHash().entries(untagged)).containsEntry("state", "FORCED_OPEN");
        // An operator forces it open again, and the fleet shares it under the new key.
        one.payment().transitionToForcedOpenState();
        await().atMost(BOUND).until(() -> stored() != null && stored().state() == BreakerState.FORCED_OPEN);
    }

    @Test
    void withFreePermitsTheVisitsSequentialTrialCallsAreAllLetThrough() {
        FleetInstance one = instance("one", 4, true, UnaryOperator.identity());
        one.failUntilOpen();
        clock.advance(OPEN_WAIT);
        assertThat(one.payment().state()).isEqualTo(BreakerState.HALF_OPEN);

        // The visit asked for its 4 permits as it began; one after the other, the trial calls use them.
        await().atMost(BOUND).pollInterval(POLL).until(() -> gate(one).readyPermits() == 4);
        for (int i = 1; i <= 4; i++) {
            assertThat(one.succeed()).as("trial call %d", i).isTrue();
        }
        assertThat(one.payment().state()).isEqualTo(BreakerState.CLOSED);
        await().atMost(BOUND).until(() -> heldPermits() == 0);
    }

    @Test
    void aVisitBegunByACallRefusesOnlyThatCallWhileItsPermitsAreFetched() {
        FleetInstance one = instance("one", 4, false, UnaryOperator.identity());
        one.failUntilOpen();
        clock.advance(OPEN_WAIT);

        // The call that ends the open wait begins the visit; its permits are on their way, and it cannot wait:
        // it is refused, unless Redis answered within that very instant (a race the test must not depend on).
        boolean first = one.succeed();
        int left = first ? 3 : 4;
        assertThat(one.payment().state()).isEqualTo(BreakerState.HALF_OPEN);
        await().atMost(BOUND).pollInterval(POLL).until(() -> gate(one).readyPermits() == left);
        for (int i = 1; i <= left; i++) {
            assertThat(one.succeed()).as("trial call %d", i).isTrue();
        }
        assertThat(one.payment().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void permitsAnInstanceFetchedButNoCallTookGoBackToTheFleet() {
        // one goes HALF_OPEN by itself and takes the fleet's 2 permits, but gets no calls; two has the calls.
        FleetInstance one = instance("one", 2, true, settings -> settings.probeLeaseTime(Duration.ofSeconds(3)));
        FleetInstance two = instance("two", 2, false, settings -> settings.probeLeaseTime(Duration.ofSeconds(3)));
        one.failUntilOpen();
        await().atMost(BOUND).until(() -> two.payment().state() == BreakerState.OPEN);
        clock.advance(OPEN_WAIT);
        await().atMost(BOUND).pollInterval(POLL).until(() -> gate(one).readyPermits() == 2);

        // A tenth of the lease time later they are back, well before the lease would free them.
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> heldPermits() == 0);
        assertThat(gate(one).readyPermits()).isZero();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> two.succeed() && two.payment().state() == BreakerState.CLOSED);
        await().atMost(BOUND).until(() -> one.payment().state() == BreakerState.CLOSED);
    }
}
