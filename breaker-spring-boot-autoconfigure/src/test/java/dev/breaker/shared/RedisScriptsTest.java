package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The conflict rules and the trial-permit limit, run inside a real Redis. */
class RedisScriptsTest {

    private static EmbeddedRedis redis;
    private static LettuceConnectionFactory connections;
    private static ReactiveStringRedisTemplate template;

    @BeforeAll
    static void start() {
        redis = new EmbeddedRedis();
        connections = new LettuceConnectionFactory("127.0.0.1", redis.port());
        connections.afterPropertiesSet();
        connections.start();
        template = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.close();
    }

    /** Runs the write script for a new transition: {accepted, version, winner's fields...}. */
    private static List<Object> write(String key, long seen, String state, boolean operator) {
        return write(key, seen, UUID.randomUUID().toString(), state, operator);
    }

    /** Runs the write script for the transition {@code id}, which may have been written before. */
    @SuppressWarnings("unchecked")
    private static List<Object> write(String key, long seen, String id, String state, boolean operator) {
        return (List<Object>) template.execute(RedisScripts.WRITE, List.of(key, key + ":applied"),
                List.of("chan", "payment", Long.toString(seen), id, state, operator ? "1" : "0", "0",
                        state.equals("OPEN") ? "1767225600000" : "", "1767225600000", "i-" + seen,
                        state + " reason")).next().block();
    }

    @Test
    void writesAreVersionedInTheOrderRedisTakesThem() {
        assertThat(write("w1", 0, "OPEN", false)).containsExactly("1", "1");
        assertThat(write("w1", 1, "CLOSED", false)).containsExactly("1", "2");
        assertThat(write("w1", 2, "OPEN", false)).containsExactly("1", "3");
        Map<String, String> hash = template.<String, String>opsForHash().entries("w1")
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
        StoredState stored = StoredState.parse(hash);
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.state()).hasToString("OPEN");
        assertThat(stored.origin()).isEqualTo("i-2");
    }

    @Test
    void anOperatorsForcedOpenHoldsAgainstAutomaticTransitions() {
        write("w2", 0, "OPEN", false);
        assertThat(write("w2", 1, "FORCED_OPEN", true)).containsExactly("1", "2");

        List<Object> lost = write("w2", 2, "OPEN", false);
        assertThat(lost.subList(0, 3)).containsExactly("0", "2", "FORCED_OPEN");
        assertThat(write("w2", 2, "CLOSED", false).get(0)).isEqualTo("0");
        // Only an operator moves it on.
        assertThat(write("w2", 2, "CLOSED", true)).containsExactly("1", "3");
    }

    @Test
    void anAutomaticCloseFromAnInstanceThatMissedNewsIsStale() {
        write("w3", 0, "OPEN", false);
        write("w3", 1, "OPEN", false); // another instance's reopening: version 2
        List<Object> stale = write("w3", 1, "CLOSED", false);
        assertThat(stale.subList(0, 3)).containsExactly("0", "2", "OPEN");
        // An opening is never stale: failures seen anywhere are news.
        assertThat(write("w3", 0, "OPEN", false)).containsExactly("1", "3");
    }

    @Test
    void aWriteRunAgainWithTheSameTransitionIdChangesNothing() {
        try (Announcements announcements = new Announcements(redis.port(), "chan")) {
            assertThat(write("w4", 0, "t1", "OPEN", false)).containsExactly("1", "1");
            Map<String, String> first = hash("w4");

            // A copy of the same write (sent again after a timeout while the first still waited in the socket):
            // answered as the first was, and neither the version nor the announcements move.
            assertThat(write("w4", 0, "t1", "OPEN", false)).containsExactly("1", "1");
            assertThat(write("w4", 1, "t1", "OPEN", false)).containsExactly("1", "1");
            assertThat(hash("w4")).isEqualTo(first);

            // A copy that runs after a newer transition loses to it, without undoing it.
            assertThat(write("w4", 1, "t2", "CLOSED", false)).containsExactly("1", "2");
            assertThat(write("w4", 0, "t1", "OPEN", false).subList(0, 3)).containsExactly("0", "2", "CLOSED");
            assertThat(hash("w4")).containsEntry("version", "2").containsEntry("state", "CLOSED");

            // Redis delivers announcements in order: once the next write's is heard, a copy's would have been.
            assertThat(write("w4", 2, "t3", "OPEN", false)).containsExactly("1", "3");
            await().atMost(Duration.ofSeconds(5)).until(() -> announcements.received.contains("3\npayment"));
            assertThat(announcements.received).containsExactly("1\npayment", "2\npayment", "3\npayment");
        }
    }

    @Test
    void onlyTheIdsOfTheLastAppliedTransitionsAreKept() {
        for (int i = 0; i < RedisScripts.APPLIED_IDS_KEPT + 10; i++) {
            write("w5", i, "OPEN", false);
        }
        assertThat(template.opsForZSet().size("w5:applied").block()).isEqualTo(RedisScripts.APPLIED_IDS_KEPT);
    }

    @Test
    void atMostTheLimitOfTrialPermitsAreHeldAndAReleasedOneIsFreeAgain() {
        assertThat(lease("p1", 2, "a")).isEqualTo(1L);
        assertThat(lease("p1", 2, "b")).isEqualTo(1L);
        assertThat(lease("p1", 2, "c")).isZero();
        template.opsForZSet().remove("p1", "a").block();
        assertThat(lease("p1", 2, "c")).isEqualTo(1L);
    }

    @Test
    void aPermitHeldTooLongFreesItself() throws Exception {
        assertThat(template.execute(RedisScripts.LEASE, List.of("p2"), List.of("1", "50", "crashed")).next().block())
                .isEqualTo(1L);
        assertThat(lease("p2", 1, "b")).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> lease("p2", 1, "b") == 1L);
    }

    @Test
    void severalPermitsAreTakenAtOnceAsFarAsTheLimitAllows() {
        assertThat(lease("p3", 3, "a", "b")).isEqualTo(2L);
        // Only one is free: the first id gets it.
        assertThat(lease("p3", 3, "c", "d")).isEqualTo(1L);
        assertThat(template.opsForZSet().range("p3", Range.unbounded()).collectList().block())
                .containsExactlyInAnyOrder("a", "b", "c");
        // A request run twice takes nothing more the second time.
        assertThat(lease("p3", 3, "a", "b")).isEqualTo(2L);
        assertThat(template.opsForZSet().size("p3").block()).isEqualTo(3);
    }

    private static Long lease(String key, int limit, String... ids) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(limit), "10000"));
        args.addAll(List.of(ids));
        return template.execute(RedisScripts.LEASE, List.of(key), args).next().block();
    }

    private static Map<String, String> hash(String key) {
        return template.<String, String>opsForHash().entries(key)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }
}
