package dev.breaker.shared;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real Redis for one test class, a template to look into it, and the {@link FleetInstance}s a test starts,
 * closed after each test.
 */
abstract class RedisFleetTestSupport {

    static EmbeddedRedis redis;
    static LettuceConnectionFactory connections;
    static StringRedisTemplate template;

    final List<FleetInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
        connections = new LettuceConnectionFactory("127.0.0.1", redis.port());
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        redis.close();
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(FleetInstance::close);
    }
}
