package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.healthcheck.HealthCheckStatus;
import dev.breaker.healthcheck.HealthChecks;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * {@code circuit.breaker.health.checks} (Prometheus: {@code circuit_breaker_health_checks_total}), tagged
 * {@code name} and {@code result} ({@code healthy} or {@code unhealthy}, timeouts and errors included): the health
 * checks of each breaker that has one, read from the checks at scrape time. Tracks breakers added after startup.
 */
public final class HealthCheckMeters implements MeterBinder {

    private final BreakerRegistry registry;
    private final HealthChecks checks;

    public HealthCheckMeters(BreakerRegistry registry, HealthChecks checks) {
        this.registry = registry;
        this.checks = checks;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        registry.addRegistryListener(breaker -> register(meters, breaker));
        registry.breakers().forEach(breaker -> register(meters, breaker));
    }

    private void register(MeterRegistry meters, Breaker breaker) {
        if (!checks.hasCheck(breaker.name())) {
            return;
        }
        counter(meters, breaker.name(), "healthy", HealthCheckStatus::healthyChecks);
        counter(meters, breaker.name(), "unhealthy", HealthCheckStatus::unhealthyChecks);
    }

    private void counter(MeterRegistry meters, String name, String result, ToLongFunction<HealthCheckStatus> count) {
        FunctionCounter.builder(BreakerMeterBinder.PREFIX + ".health.checks", checks,
                        c -> c.status(name).map(count::applyAsLong).orElse(0L))
                .tags("name", name, "result", result)
                .description("Health checks of the circuit breaker's dependency, by result (unhealthy: down, an error"
                        + " or no answer in time)")
                .register(meters);
    }
}
