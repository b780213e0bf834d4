package dev.breaker.shared;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of 3 masters and no replicas on free ports, every slot assigned: formed by
 * {@code redis-cli --cluster create} where Debian's redis-cli is installed, else by {@code CLUSTER ADDSLOTS}
 * and {@code CLUSTER MEET} sent from here. Its processes belong to the {@link RedisProcesses} that started it.
 */
final class RedisClusterNodes {

    /** The masters, in slot order: the first serves slots 0-5460, the second 5461-10922, the third the rest. */
    final List<RedisNode> masters;

    private RedisClusterNodes(List<RedisNode> masters) {
        this.masters = masters;
    }

    /** Starts 3 cluster-enabled servers, joins them into one cluster and waits until every node says it is ok. */
    static RedisClusterNodes start(RedisProcesses processes) {
        List<RedisNode> masters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            masters.add(processes.start("cluster-" + i, RedisProcesses.freePort(), List.of("cluster-enabled yes",
                    "cluster-config-file nodes-" + i + ".conf", "cluster-node-timeout 2000")));
        }
        String cli = RedisProcesses.cliBinary();
        if (cli != null) {
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            masters.forEach(node -> create.add(node.address()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            processes.run("cluster-create.log", create);
        } else {
            join(masters);
        }
        await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> masters.stream().allMatch(RedisClusterNodes::formed));
        return new RedisClusterNodes(List.copyOf(masters));
    }

    /** What {@code redis-cli --cluster create} does, for machines without it. */
    private static void join(List<RedisNode> masters) {
        int perNode = SlotHash.SLOT_COUNT / masters.size();
        for (int i = 0; i < masters.size(); i++) {
            int first = i * perNode + Math.min(i, SlotHash.SLOT_COUNT % masters.size());
            int last = first + perNode + (i < SlotHash.SLOT_COUNT % masters.size() ? 1 : 0);
            List<Object> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.range(first, last).forEach(command::add);
            RedisCommands.call(masters.get(i).port, command.toArray());
            // Distinct epochs, as redis-cli sets them, so that no epoch collision needs resolving.
            RedisCommands.call(masters.get(i).port, "CLUSTER", "SET-CONFIG-EPOCH", i + 1);
        }
        for (RedisNode other : masters.subList(1, masters.size())) {
            RedisCommands.call(masters.get(0).port, "CLUSTER", "MEET", "127.0.0.1", other.port);
        }
    }

    private static boolean formed(RedisNode node) {
        String info = RedisCommands.text(node.port, "CLUSTER", "INFO");
        return "ok".equals(RedisCommands.infoField(info, "cluster_state"))
                && "3".equals(RedisCommands.infoField(info, "cluster_known_nodes"))
                && "16384".equals(RedisCommands.infoField(info, "cluster_slots_ok"));
    }

    /** {@code spring.data.redis.cluster.nodes}. */
    String nodes() {
        return String.join(",", masters.stream().map(RedisNode::address).toList());
    }

    /** The master serving {@code key}, as the cluster itself says ({@code CLUSTER SLOTS}). */
    RedisNode masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (Object range : (List<?>) RedisCommands.call(masters.get(0).port, "CLUSTER", "SLOTS")) {
            List<?> fields = (List<?>) range;
            if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
                int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
                return masters.stream().filter(node -> node.port == port).findFirst().orElseThrow();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }
}
