package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    /** Runs the write script: {accepted, version, winner's fields...}. */
    @SuppressWarnings("unchecked")
    private static List<Object> write(String key, long seen, String state, boolean operator) {
        return (List<Object>) template.execute(RedisScripts.WRITE, List.of(key), List.of("chan", "payment", Long.toString(seen),
                state, operator ? "1" : "0", "0", state.equals("OPEN") ? "1767225600000" : "", "1767225600000",
                "i-" + seen, state + " reason")).next().block();
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

    private static Long lease(String key, int limit, String id) {
        return template.execute(RedisScripts.LEASE, List.of(key), List.of(Integer.toString(limit), "10000", id))
                .next().block();
    }
}
