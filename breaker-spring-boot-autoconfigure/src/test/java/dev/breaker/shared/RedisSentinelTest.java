package dev.breaker.shared;

import static dev.breaker.shared.FleetApps.awaitState;
import static dev.breaker.shared.FleetApps.breaker;
import static dev.breaker.shared.FleetApps.failUntilOpen;
import static dev.breaker.shared.FleetApps.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances on a real master, replica and 3 sentinels, configured by Boot's {@code spring.data.redis.sentinel.*}
 * alone: when the master dies ({@code kill -9}) and the sentinels promote the replica, no OPEN and no operator's
 * FORCED_OPEN is lost, whether the replica had received it or not.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisSentinelTest {

    private final RedisProcesses processes = new RedisProcesses();
    private RedisSentinels redis;
    private FleetApps fleet;

    @BeforeEach
    void startRedis() {
        redis = RedisSentinels.start(processes);
        fleet = new FleetApps("spring.data.redis.sentinel.master=" + RedisSentinels.MASTER_NAME,
                "spring.data.redis.sentinel.nodes=" + redis.nodes());
    }

    @AfterEach
    void stopAll() {
        try {
            fleet.close();
        } finally {
            processes.close();
        }
    }

    private String key(String name) {
        return "breaker:" + fleet.namespace() + ":{" + name + "}";
    }

    private ConfigurableApplicationContext instance(String id) {
        return fleet.start(id, "breaker.instances.payment.shared=true", "breaker.instances.ledger.shared=true",
                "breaker.instances.stock.shared=true");
    }

    @Test
    void aFailoverDuringTrafficLosesNoOpenAndNoForcedOpenAndTakesOneMadeWhileTheMasterWasDown()
            throws InterruptedException {
        ConfigurableApplicationContext a = instance("a");
        ConfigurableApplicationContext b = instance("b");
        failUntilOpen(a, "payment");
        breaker(b, "ledger").transitionToForcedOpenState();
        awaitState("payment", BreakerState.OPEN, a, b);
        awaitState("ledger", BreakerState.FORCED_OPEN, a, b);
        redis.awaitReplicated();

        AtomicInteger letThrough = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService traffic = Executors.newFixedThreadPool(2);
        try {
            for (ConfigurableApplicationContext instance : List.of(a, b)) {
                traffic.execute(() -> {
                    while (!stop.get()) {
                        if (succeeds(instance, "payment") || succeeds(instance, "ledger")) {
                            letThrough.incrementAndGet();
                        }
                        if (instance == a) {
                            succeeds(instance, "stock"); // let through until a adopts b's OPEN
                        }
                        LockSupport.parkNanos(1_000_000); // a steady trickle, leaving the CPU to Redis
                    }
                });
            }
            redis.master.kill();
            // While no master answers, stock opens on b: its write waits to be retried.
            failUntilOpen(b, "stock");
            redis.awaitPromotion();

            awaitState("payment", BreakerState.OPEN, a, b);
            awaitState("ledger", BreakerState.FORCED_OPEN, a, b);
            awaitState("stock", BreakerState.OPEN, a, b);
        } finally {
            stop.set(true);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(letThrough).as("calls let through an OPEN or FORCED_OPEN breaker").hasValue(0);
        assertPromotedMasterHolds(Map.of("payment", "OPEN", "ledger", "FORCED_OPEN", "stock", "OPEN"));
        ConfigurableApplicationContext late = instance("late");
        assertThat(List.of(breaker(late, "payment").state(), breaker(late, "ledger").state(),
                breaker(late, "stock").state()))
                .containsExactly(BreakerState.OPEN, BreakerState.FORCED_OPEN, BreakerState.OPEN);
    }

    /**
     * Replication is asynchronous: a master may answer a write and die before its replica has it. Simulated here
     * by writing the older state over the replica's copy, which the promoted replica then serves.
     */
    @Test
    void anOpenAndAForcedOpenThePromotedReplicaNeverReceivedAreWrittenAgain() {
        ConfigurableApplicationContext a = instance("a");
        ConfigurableApplicationContext b = instance("b");
        // Some history: each breaker is at version 2, CLOSED by an operator's reset.
        for (String name : List.of("payment", "ledger")) {
            breaker(a, name).transitionToForcedOpenState();
            awaitState(name, BreakerState.FORCED_OPEN, a, b);
            breaker(b, name).reset();
            awaitState(name, BreakerState.CLOSED, a, b);
        }
        redis.awaitReplicated();
        Map<String, Map<String, String>> before = new HashMap<>();
        for (String name : List.of("payment", "ledger")) {
            before.put(name, hash(redis.replica.port, key(name)));
        }

        failUntilOpen(a, "payment");
        breaker(b, "ledger").transitionToForcedOpenState();
        awaitState("payment", BreakerState.OPEN, a, b);
        awaitState("ledger", BreakerState.FORCED_OPEN, a, b);
        redis.awaitReplicated();
        // The replica loses version 3 of both: it holds version 2 again, with no record of having applied 3.
        RedisCommands.call(redis.replica.port, "CONFIG", "SET", "replica-read-only", "no");
        for (String name : List.of("payment", "ledger")) {
            String lostId = RedisCommands.text(redis.replica.port, "HGET", key(name), "id");
            RedisCommands.call(redis.replica.port, "ZREM", key(name) + ":applied", lostId);
            List<Object> command = new ArrayList<>(List.of("HSET", key(name)));
            before.get(name).forEach((field, value) -> {
                command.add(field);
                command.add(value);
            });
            RedisCommands.call(redis.replica.port, command.toArray());
        }

        long closings = closings(b, "payment") + closings(a, "ledger");
        redis.master.kill();
        redis.awaitPromotion();

        // The instance that made each lost transition writes it again; the other never goes back to CLOSED.
        awaitState("payment", BreakerState.OPEN, a, b);
        awaitState("ledger", BreakerState.FORCED_OPEN, a, b);
        assertPromotedMasterHolds(Map.of("payment", "OPEN", "ledger", "FORCED_OPEN"));
        assertThat(RedisCommands.text(redis.replica.port, "HGET", key("payment"), "origin")).isEqualTo("a");
        assertThat(RedisCommands.text(redis.replica.port, "HGET", key("ledger"), "origin")).isEqualTo("b");
        assertThat(closings(b, "payment") + closings(a, "ledger")).as("transitions back to CLOSED").isEqualTo(closings);
        ConfigurableApplicationContext late = instance("late");
        assertThat(breaker(late, "payment").state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker(late, "ledger").state()).isEqualTo(BreakerState.FORCED_OPEN);
    }

    private static long closings(ConfigurableApplicationContext instance, String name) {
        return breaker(instance, name).transitions().stream()
                .filter(transition -> transition.to() == BreakerState.CLOSED).count();
    }

    private void assertPromotedMasterHolds(Map<String, String> states) {
        states.forEach((name, state) -> assertThat(RedisCommands.text(redis.replica.port, "HGET", key(name), "state"))
                .as("%s on the promoted replica", name).isEqualTo(state));
    }

    private static Map<String, String> hash(int port, String key) {
        List<?> flat = (List<?>) RedisCommands.call(port, "HGETALL", key);
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return hash;
    }
}
