package dev.breaker.health;

import dev.breaker.Breaker;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.actuate.Rates;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.definition.BreakerDefinitionLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code UP} while every breaker that affects health is CLOSED or DISABLED, {@link #DEGRADED} otherwise.
 * Details list every breaker, including those with {@code affects-health: false}, which never degrade.
 *
 * <p>The state that counts is the one a breaker enforces: an observing breaker ({@code mode: observe}) rejects
 * nothing, so it stays CLOSED, and UP, while its rules would have it OPEN; details show its {@code mode} and
 * {@code wouldBeState}. Only an operator's FORCED_OPEN, which it does enforce, degrades it.
 */
public class CircuitBreakersHealthIndicator extends AbstractHealthIndicator {

    /** Worse than UP, better than DOWN: a dependency is cut off, the application still answers. */
    public static final Status DEGRADED = new Status("DEGRADED", "A circuit breaker that affects health is not closed");

    private final BreakerRegistry registry;
    private final BreakerDefinitionLookup definitions;

    public CircuitBreakersHealthIndicator(BreakerRegistry registry, BreakerDefinitionLookup definitions) {
        super("Circuit breaker health check failed");
        this.registry = registry;
        this.definitions = definitions;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean degraded = false;
        Map<String, Object> details = new TreeMap<>();
        for (Breaker breaker : registry.breakers()) {
            BreakerDefinition definition = definitions.definition(breaker.name());
            BreakerMetrics metrics = breaker.metrics();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", metrics.state());
            detail.put("mode", metrics.mode());
            detail.put("wouldBeState", metrics.wouldBeState());
            detail.put("failureRate", Rates.percent(metrics.failureRate()));
            detail.put("affectsHealth", definition.affectsHealth());
            details.put(breaker.name(), detail);
            boolean closed = metrics.state() == BreakerState.CLOSED || metrics.state() == BreakerState.DISABLED;
            degraded |= definition.affectsHealth() && !closed;
        }
        builder.status(degraded ? DEGRADED : Status.UP).withDetails(details);
    }
}
