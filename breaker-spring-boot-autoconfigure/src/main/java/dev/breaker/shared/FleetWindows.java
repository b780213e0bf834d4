package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ProbeGate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The fleet windows of one {@link RedisFleetSync}: a {@link FleetWindow} per breaker marked
 * {@code shared-window: true}, flushed together once per {@link #FLUSH_PERIOD} on the sync thread, and the fleet's
 * verdicts on their HALF_OPEN trial calls ({@link FleetTrialGate}).
 *
 * <p>Such a breaker is built with {@link #sync()} as its fleet sync instead of the {@link RedisFleetSync} itself:
 * a view that shares its transitions the same way and hands out trial gates whose verdict the fleet reaches. So
 * the breaker's settings say whether it has a fleet window, and that cannot change while it runs, like
 * {@code shared}.
 */
final class FleetWindows {

    /** How often each instance sends its counts and gets the fleet's back. */
    static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);

    private final RedisFleetSync fleet;
    private final FleetWindowStore store;
    private final StateExchange exchange;
    private final SyncThread syncThread;
    private final SharedStateSettings settings;
    private final Map<String, FleetWindow> windows = new ConcurrentHashMap<>();
    private final FleetSync view = new WindowedSync();
    private @Nullable ScheduledFuture<?> flushing;

    FleetWindows(RedisFleetSync fleet, FleetWindowStore store, StateExchange exchange, SyncThread syncThread,
            SharedStateSettings settings) {
        this.fleet = fleet;
        this.store = store;
        this.exchange = exchange;
        this.syncThread = syncThread;
        this.settings = settings;
    }

    /** The fleet sync of breakers with a fleet window. */
    FleetSync sync() {
        return view;
    }

    boolean windowed(Breaker breaker) {
        return breaker.config().fleetSync().orElse(null) == view;
    }

    /** Starts counting the calls of {@code entry}'s breaker if it has a fleet window. */
    void follow(TrackedBreaker entry) {
        Breaker breaker = entry.breaker;
        if (!windowed(breaker)) {
            return;
        }
        windows.compute(breaker.name(), (name, current) -> {
            if (current != null && current.entry == entry) {
                return current;
            }
            if (current != null) {
                current.entry.breaker.removeListener(current);
            }
            FleetWindow window = new FleetWindow(entry, store, exchange, settings.instanceId(),
                    FLUSH_PERIOD.toNanos());
            breaker.addListener(window);
            return window;
        });
    }

    /** Stops counting the calls of {@code breaker}, removed from the registry. */
    void forget(Breaker breaker) {
        windows.computeIfPresent(breaker.name(), (name, window) -> {
            if (window.entry.breaker != breaker) {
                return window;
            }
            breaker.removeListener(window);
            return null;
        });
    }

    void start() {
        flushing = syncThread.scheduleWithFixedDelay(this::flush, FLUSH_PERIOD.toMillis());
    }

    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
    }

    /** Sends every window's counts; on the sync thread. */
    void flush() {
        windows.values().forEach(FleetWindow::flush);
    }

    Optional<FleetWindowStatus> status(String breakerName) {
        return Optional.ofNullable(windows.get(breakerName)).map(FleetWindow::status);
    }

    /** Shares transitions as {@link RedisFleetSync} does; its trial gates leave the verdict to the fleet. */
    private final class WindowedSync implements FleetSync {

        @Override
        public void publish(Breaker breaker, FleetTransition transition) {
            fleet.publish(breaker, transition);
        }

        @Override
        public ProbeGate probeGate(Breaker breaker) {
            ProbeGate permits = fleet.probeGate(breaker);
            TrackedBreaker entry = fleet.tracked(breaker.name());
            if (!(permits instanceof RedisProbeGate visitPermits) || entry == null || entry.breaker != breaker) {
                return permits;
            }
            return new FleetTrialGate(visitPermits, entry, store, exchange, syncThread, settings.instanceId(),
                    settings.probeLeaseTime(), settings.timeout());
        }

        @Override
        public String toString() {
            return fleet + " with fleet windows";
        }
    }
}
