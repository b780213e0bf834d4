package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.FleetWindowStatus;
import dev.breaker.shared.SyncState;
import dev.breaker.shared.SyncStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Meters of shared breakers' sync, tagged {@code name}: {@code circuit.breaker.shared.sync.errors} counts
 * failed exchanges with Redis; {@code circuit.breaker.shared.sync.up} is 1 while the last exchange worked
 * and 0 while the breaker decides alone.
 *
 * <p>A breaker with a fleet window ({@code shared-window: true}) also has the fleet's figures over its window:
 * {@code circuit.breaker.fleet.failure.rate} and {@code .slow.call.rate} (ratios 0..1, NaN below the minimum number
 * of calls), {@code circuit.breaker.fleet.calls} and {@code circuit.breaker.fleet.instances}. All four are NaN
 * while the figures are stale (Redis failed, or has not answered for two flush periods): they are what the breaker
 * would decide on, and it decides on none then.
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
        if (sync.windowed(breaker)) {
            fleetGauge(meters, name, ".failure.rate", "Failed calls of the whole fleet in the breaker's window, as a"
                    + " ratio 0..1 (NaN below the minimum number of calls, or while stale)",
                    window -> ratio(window.failureRate()));
            fleetGauge(meters, name, ".slow.call.rate", "Slow calls of the whole fleet in the breaker's window, as a"
                    + " ratio 0..1 (NaN below the minimum number of calls, or while stale)",
                    window -> ratio(window.slowCallRate()));
            fleetGauge(meters, name, ".calls", "Calls of the whole fleet in the breaker's window (NaN while stale)",
                    FleetWindowStatus::calls);
            fleetGauge(meters, name, ".instances", "Instances that reported calls in the breaker's window (NaN while"
                    + " stale)", FleetWindowStatus::instances);
        }
    }

    private void fleetGauge(MeterRegistry meters, String name, String suffix, String description,
            ToDoubleFunction<FleetWindowStatus> value) {
        Gauge.builder("circuit.breaker.fleet" + suffix, sync, s -> s.window(name).filter(window -> !window.stale())
                        .map(value::applyAsDouble).orElse(Double.NaN))
                .tag("name", name)
                .description(description)
                .register(meters);
    }

    private static double ratio(@Nullable Double percent) {
        return percent != null ? percent / 100.0 : Double.NaN;
    }
}
