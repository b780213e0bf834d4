package dev.breaker.shared;

import static dev.breaker.shared.FleetApps.BOUND;
import static dev.breaker.shared.FleetApps.awaitState;
import static dev.breaker.shared.FleetApps.breaker;
import static dev.breaker.shared.FleetApps.failUntilOpen;
import static dev.breaker.shared.FleetApps.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.BreakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on a real Redis Cluster of 3 masters, configured by Boot's {@code spring.data.redis.cluster.nodes}
 * alone, with breakers whose keys live on different masters: the write script, the reads, the trial-permit
 * script and the announcements (published on one master, heard through another) all work there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisClusterTest {

    private static RedisProcesses processes;
    private static RedisClusterNodes cluster;
    /** One breaker name per master, in the masters' order. */
    private static List<String> names;

    private FleetApps fleet;

    @BeforeAll
    static void startCluster() {
        processes = new RedisProcesses();
        cluster = RedisClusterNodes.start(processes);
    }

    @AfterAll
    static void stopCluster() {
        processes.close();
    }

    @AfterEach
    void stopInstances() {
        fleet.close();
    }

    /**
     * Two instances of a fresh namespace; every breaker compared with Redis only once a minute, so that what
     * reaches the other instance within the test's bound came by announcement.
     */
    private List<ConfigurableApplicationContext> twoInstances(String... extra) {
        fleet = new FleetApps("spring.data.redis.cluster.nodes=" + cluster.nodes());
        names = new ArrayList<>();
        for (RedisNode master : cluster.masters) {
            names.add(nameOn(master));
        }
        List<String> properties = new ArrayList<>(List.of("breaker.shared.reconcile-interval=1m"));
        names.forEach(name -> properties.add("breaker.instances." + name + ".shared=true"));
        properties.addAll(List.of(extra));
        List<ConfigurableApplicationContext> instances = List.of(fleet.start("a", properties.toArray(String[]::new)),
                fleet.start("b", properties.toArray(String[]::new)));
        // Each subscribed at startup, through whichever node the client chose.
        await().atMost(BOUND).until(() -> subscribers() == 2);
        return instances;
    }

    /** The first of payment-0, payment-1, ... whose keys the cluster keeps on {@code master}. */
    private String nameOn(RedisNode master) {
        for (int i = 0; ; i++) {
            String name = "payment-" + i;
            if (cluster.masterOf(key(name)).equals(master)) {
                return name;
            }
        }
    }

    private String key(String name) {
        return "breaker:" + fleet.namespace() + ":{" + name + "}";
    }

    /** What the master serving {@code name}'s keys holds in its state hash, asked directly. */
    private String storedState(String name) {
        return RedisCommands.text(cluster.masterOf(key(name)).port, "HGET", key(name), "state");
    }

    private long subscribers() {
        String channel = "breaker:" + fleet.namespace() + ":transitions";
        return cluster.masters.stream().mapToLong(node -> (Long) ((List<?>) RedisCommands.call(node.port,
                "PUBSUB", "NUMSUB", channel)).get(1)).sum();
    }

    @Test
    void breakersOnDifferentMastersShareOpenAndAnOperatorsForcedOpen() {
        List<ConfigurableApplicationContext> instances = twoInstances();
        ConfigurableApplicationContext a = instances.get(0);
        ConfigurableApplicationContext b = instances.get(1);
        assertThat(names.stream().map(name -> cluster.masterOf(key(name))).distinct()).hasSize(3);
        for (String name : names) {
            awaitState(name, BreakerState.CLOSED, a, b);
        }

        failUntilOpen(a, names.get(0));
        breaker(b, names.get(1)).transitionToForcedOpenState();
        breaker(a, names.get(2)).transitionToForcedOpenState();

        awaitState(names.get(0), BreakerState.OPEN, a, b);
        awaitState(names.get(1), BreakerState.FORCED_OPEN, a, b);
        awaitState(names.get(2), BreakerState.FORCED_OPEN, a, b);
        breaker(b, names.get(2)).reset();
        awaitState(names.get(2), BreakerState.CLOSED, a, b);
        assertThat(succeeds(b, names.get(0))).isFalse();
        assertThat(succeeds(a, names.get(1))).isFalse();
        assertThat(breaker(b, names.get(0)).transitions().get(0).reason()).startsWith("shared by instance a: ");
        assertThat(List.of(storedState(names.get(0)), storedState(names.get(1)), storedState(names.get(2))))
                .containsExactly("OPEN", "FORCED_OPEN", "CLOSED");
        // A third instance starts in the fleet's state, read from each master.
        ConfigurableApplicationContext late = fleet.start("late", "breaker.instances." + names.get(0) + ".shared=true",
                "breaker.instances." + names.get(1) + ".shared=true");
        assertThat(breaker(late, names.get(0)).state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker(late, names.get(1)).state()).isEqualTo(BreakerState.FORCED_OPEN);
    }

    @Test
    void theFleetsTrialPermitsAreTakenOnTheMasterOfTheirBreaker() {
        List<ConfigurableApplicationContext> instances = twoInstances(
                "breaker.defaults.wait-duration-in-open-state=200ms",
                "breaker.defaults.automatic-transition-to-half-open=true", "breaker.shared.probe-lease-time=30s");
        String name = names.get(2);
        failUntilOpen(instances.get(0), name);
        awaitState(name, BreakerState.OPEN, instances.get(1));

        // The open wait ends on both instances: each begins a HALF_OPEN visit and asks the cluster for 2 permits.
        // The script grants 2 in all, held in the sorted set on the master of the breaker's keys.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> readyPermits(instances, name) == 2
                && RedisCommands.call(cluster.masterOf(key(name)).port, "ZCARD", key(name) + ":probes").equals(2L));
        // Awaited, not asserted at once: under a load of 9 on 2 cores one instance was once still (or again) OPEN at
        // this point, which three runs on a quiet machine never showed; the cause is not established (see #19's note).
        awaitState(name, BreakerState.HALF_OPEN, instances.get(0), instances.get(1));

        // Trial calls use them and close the breaker, fleet-wide.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            instances.forEach(instance -> succeeds(instance, name));
            return instances.stream().anyMatch(instance -> breaker(instance, name).state() == BreakerState.CLOSED);
        });
        awaitState(name, BreakerState.CLOSED, instances.get(0), instances.get(1));
    }

    private static int readyPermits(List<ConfigurableApplicationContext> instances, String name) {
        return instances.stream().mapToInt(instance -> {
            RedisProbeGate gate = instance.getBean(RedisFleetSync.class).tracked(name).visitGate();
            return gate == null ? 0 : gate.readyPermits();
        }).sum();
    }
}
