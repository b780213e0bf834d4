package dev.breaker.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code DEGRADED} a health status out of the box: ordered worse than UP and better than DOWN and
 * OUT_OF_SERVICE, answering HTTP 503.
 *
 * <p>These are the standard {@code management.endpoint.health.status.*} properties, added as the
 * lowest-precedence source: a user's own {@code order} list replaces this one entirely, and a user's
 * {@code http-mapping} entries win key by key. Properties (not beans) keep Boot's own status
 * aggregator and mapper, and show up in {@code /actuator/env}.
 */
public class DegradedStatusEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "breakerHealthDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "management.endpoint.health.status.order", "down,out-of-service,degraded,up,unknown",
                "management.endpoint.health.status.http-mapping.down", 503,
                "management.endpoint.health.status.http-mapping.out-of-service", 503,
                "management.endpoint.health.status.http-mapping.degraded", 503)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
