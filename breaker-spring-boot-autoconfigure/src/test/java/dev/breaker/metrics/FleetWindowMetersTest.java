package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ProbeGate;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.shared.FleetWindowStatus;
import dev.breaker.shared.SyncState;
import dev.breaker.shared.SyncStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@code circuit_breaker_fleet_*{name}}: the fleet window's figures as a Prometheus scrape shows them, for breakers
 * with a fleet window only, and NaN while the figures are stale.
 */
class FleetWindowMetersTest {

    private final FleetSync windowed = new NoFleet();
    private final FleetSync shared = new NoFleet();
    private final Map<String, FleetWindowStatus> windows = new ConcurrentHashMap<>();
    private final FleetSyncStatus status = new FleetSyncStatus() {
        @Override
        public Optional<SyncStatus> status(String breakerName) {
            return Optional.of(new SyncStatus(SyncState.SYNCED, 1, Instant.EPOCH, null, 0));
        }

        @Override
        public long errors() {
            return 0;
        }

        @Override
        public boolean windowed(Breaker breaker) {
            return breaker.config().fleetSync().orElse(null) == windowed;
        }

        @Override
        public Optional<FleetWindowStatus> window(String breakerName) {
            return Optional.ofNullable(windows.get(breakerName));
        }
    };
    private final BreakerRegistry registry = BreakerRegistry.builder()
            .config("payment", BreakerConfig.builder().fleetSync(windowed).build())
            .config("search", BreakerConfig.builder().fleetSync(shared).build())
            .build();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void aBreakerWithAFleetWindowShowsTheFleetsRatesCallsAndInstances() {
        new SharedStateMeters(registry, status).bindTo(prometheus);
        registry.breaker("payment");
        registry.breaker("search");
        windows.put("payment", new FleetWindowStatus(35.0, 2.5, 240, 84, 6, 12, Instant.EPOCH, false));

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("circuit_breaker_fleet_failure_rate{name=\"payment\"} 0.35")
                .contains("circuit_breaker_fleet_slow_call_rate{name=\"payment\"} 0.025")
                .contains("circuit_breaker_fleet_calls{name=\"payment\"} 240.0")
                .contains("circuit_breaker_fleet_instances{name=\"payment\"} 12.0")
                .contains("# HELP circuit_breaker_fleet_calls Calls of the whole fleet in the breaker's window")
                .doesNotContain("circuit_breaker_fleet_calls{name=\"search\"}");
    }

    @Test
    void staleFiguresAndRatesBelowTheMinimumAreNaN() {
        new SharedStateMeters(registry, status).bindTo(prometheus);
        registry.breaker("payment");
        windows.put("payment", new FleetWindowStatus(null, null, 3, 1, 0, 2, Instant.EPOCH, false));

        assertThat(prometheus.scrape())
                .contains("circuit_breaker_fleet_failure_rate{name=\"payment\"} NaN")
                .contains("circuit_breaker_fleet_calls{name=\"payment\"} 3.0");

        windows.put("payment", new FleetWindowStatus(35.0, 2.5, 240, 84, 6, 12, Instant.EPOCH, true));
        assertThat(prometheus.scrape())
                .contains("circuit_breaker_fleet_failure_rate{name=\"payment\"} NaN")
                .contains("circuit_breaker_fleet_calls{name=\"payment\"} NaN")
                .contains("circuit_breaker_fleet_instances{name=\"payment\"} NaN");
    }

    /** A fleet sync that shares nothing: the figures come from the status above. */
    private static final class NoFleet implements FleetSync {

        @Override
        public void publish(Breaker breaker, FleetTransition transition) {
        }

        @Override
        public ProbeGate probeGate(Breaker breaker) {
            return ProbeGate.LOCAL;
        }
    }
}
