package dev.breaker.shared;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A master, one replica and 3 sentinels watching them (quorum 2), quick to fail over: a master is down after
 * 1 s without answer. Its processes belong to the {@link RedisProcesses} that started it.
 */
final class RedisSentinels {

    static final String MASTER_NAME = "breakers";

    final RedisNode master;
    final RedisNode replica;
    final List<RedisNode> sentinels;

    private RedisSentinels(RedisNode master, RedisNode replica,
            List<RedisNode> sentinels) {
        this.master = master;
        this.replica = replica;
        this.sentinels = sentinels;
    }

    /**
     * Starts the master, the replica (waiting until it has synced) and the sentinels, and waits until each sentinel
     * knows the replica and the other two sentinels, so that a failover can be agreed on.
     */
    static RedisSentinels start(RedisProcesses processes) {
        // A replica syncs at once, without the 5 s that a diskless sync waits for more replicas by default.
        RedisNode master = processes.start("master", RedisProcesses.freePort(),
                List.of("repl-diskless-sync-delay 0"));
        RedisNode replica = processes.start("replica", RedisProcesses.freePort(),
                List.of("replicaof 127.0.0.1 " + master.port));
        await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> "up".equals(RedisCommands.infoField(RedisCommands.text(replica.port, "INFO",
                        "replication"), "master_link_status")));
        // Each sentinel is told of the replica and of the others up front, as if it had found them already: found
        // by themselves, through hello messages every 2 s and INFO every 10 s, they would take seconds.
        List<Integer> ports = List.of(RedisProcesses.freePort(), RedisProcesses.freePort(), RedisProcesses.freePort());
        List<RedisNode> sentinels = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            List<String> settings = new ArrayList<>(List.of(
                    "sentinel myid " + sentinelId(i),
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 3000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    "sentinel known-replica " + MASTER_NAME + " 127.0.0.1 " + replica.port));
            for (int other = 0; other < ports.size(); other++) {
                if (other != i) {
                    settings.add("sentinel known-sentinel " + MASTER_NAME + " 127.0.0.1 " + ports.get(other) + " "
                            + sentinelId(other));
                }
            }
            sentinels.add(processes.start("sentinel-" + i, ports.get(i), settings, List.of("--sentinel")));
        }
        await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> sentinels.stream().allMatch(sentinel -> {
                    Map<String, String> state = masterState(sentinel.port);
                    return "1".equals(state.get("num-slaves")) && "2".equals(state.get("num-other-sentinels"));
                }));
        return new RedisSentinels(master, replica, List.copyOf(sentinels));
    }

    /** {@code spring.data.redis.sentinel.nodes}. */
    String nodes() {
        return String.join(",", sentinels.stream().map(RedisNode::address).toList());
    }

    /** The port of the master, as every sentinel says, once they agree. */
    int masterPort() {
        List<Integer> ports = sentinels.stream().map(sentinel -> Integer.parseInt(String.valueOf(((List<?>)
                RedisCommands.call(sentinel.port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)).get(1))))
                .distinct().toList();
        if (ports.size() != 1) {
            throw new IllegalStateException("sentinels disagree on the master: " + ports);
        }
        return ports.get(0);
    }

    /** Waits until the replica has every write the master has (their replication offsets are equal). */
    void awaitReplicated() {
        await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> offset(master, "master_repl_offset").equals(offset(replica, "slave_repl_offset")));
    }

    private static String offset(RedisNode node, String field) {
        return RedisCommands.infoField(RedisCommands.text(node.port, "INFO", "replication"), field);
    }

    /**
     * Waits until the sentinels have promoted the replica (after the master was {@link RedisNode#kill()
     * killed}) and it runs as a master.
     */
    void awaitPromotion() {
        await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> masterPort() == replica.port && "master".equals(RedisCommands.infoField(
                        RedisCommands.text(replica.port, "INFO", "replication"), "role")));
    }

    private static String sentinelId(int index) {
        return String.valueOf(index + 1).repeat(40);
    }

    private static Map<String, String> masterState(int sentinelPort) {
        List<?> flat = (List<?>) RedisCommands.call(sentinelPort, "SENTINEL", "MASTER", MASTER_NAME);
        Map<String, String> state = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            state.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return state;
    }
}
