package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.SyncState;
import dev.breaker.shared.SyncStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of shared breakers' sync, tagged {@code name}: {@code circuit.breaker.shared.sync.errors} counts
 * failed exchanges with Redis; {@code circuit.breaker.shared.sync.up} is 1 while the last exchange worked
 * and 0 while the breaker decides alone.
 */
public final class SharedStateMeters implements MeterBinder {

    private final BreakerRegistry registry;
    private final FleetSyncStatus sync;

    public SharedStateMeters(BreakerRegistry registry, FleetSyncStatus sync) {
        this.registry = registry;
        this.sync = sync;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        registry.addRegistryListener(breaker -> register(meters, breaker));
        registry.breakers().forEach(breaker -> register(meters, breaker));
    }

    private void register(MeterRegistry meters, Breaker breaker) {
        if (breaker.config().fleetSync().isEmpty()) {
            return;
        }
        String name = breaker.name();
        FunctionCounter.builder("circuit.breaker.shared.sync.errors", sync,
                        s -> s.status(name).map(SyncStatus::errors).orElse(0L))
                .tag("name", name)
                .description("Failed exchanges of a shared breaker with Redis (it decides alone meanwhile)")
                .register(meters);
        Gauge.builder("circuit.breaker.shared.sync.up", sync,
                        s -> s.status(name).map(status -> status.status() == SyncState.UNAVAILABLE ? 0 : 1).orElse(0))
                .tag("name", name)
                .description("1 while a shared breaker's last exchange with Redis worked, 0 while it decides alone")
                .register(meters);
    }
}
