package dev.breaker.healthcheck;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The health checks of the breakers that have one: of the breakers there at startup, and of those created later
 * (first use) as the registry adds them. Runs with the application context: the checks start when it has started
 * and stop with it.
 *
 * <p>Each check is started by its breaker's {@link dev.breaker.BreakerScheduler} (a {@link dev.breaker.ManualClock}
 * in tests) and runs on a thread of its own from a pool of daemon threads named {@code breaker-health-check-N}, so
 * no calling thread ever runs one and a hanging one holds up no other.
 */
public final class HealthChecks implements SmartLifecycle, BreakerRegistry.RegistryListener {

    private static final Log logger = LogFactory.getLog(HealthChecks.class);

    private final BreakerRegistry registry;
    private final Function<String, @Nullable HealthCheckSettings> settings;
    private final HealthProbe.Factory probes;
    private final Map<String, BreakerCheck> checks = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    /** Non-null while running. */
    private volatile @Nullable ExecutorService executor;

    /**
     * Makes the probe of every check in {@code configured} at once, so that a target that does not exist fails
     * startup with the setting's path rather than a breaker's first call.
     *
     * @param settings the check of a breaker name, null when it has none
     * @param probes makes the probe of a check
     * @param configured every check the configuration sets, to verify now
     */
    public HealthChecks(BreakerRegistry registry, Function<String, @Nullable HealthCheckSettings> settings,
            HealthProbe.Factory probes, Collection<HealthCheckSettings> configured) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.probes = Objects.requireNonNull(probes, "probes");
        configured.forEach(probes::create);
        registry.addRegistryListener(this);
    }

    /** Where the health check of the breaker named {@code name} stands; empty when it has none, or before start. */
    public Optional<HealthCheckStatus> status(String name) {
        BreakerCheck check = checks.get(name);
        return (check != null) ? Optional.of(check.status()) : Optional.empty();
    }

    /** Whether the breaker named {@code name} has a health check (once the checks run). */
    public boolean hasCheck(String name) {
        return settings.apply(name) != null;
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (executor != null) {
                return;
            }
            executor = newExecutor();
        }
        registry.breakers().forEach(this::track);
    }

    @Override
    public void stop() {
        ExecutorService stopping;
        synchronized (lifecycle) {
            stopping = executor;
            executor = null;
        }
        List<BreakerCheck> stopped = List.copyOf(checks.values());
        checks.clear();
        stopped.forEach(BreakerCheck::cancel);
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public void onBreakerAdded(Breaker breaker) {
        track(breaker);
    }

    @Override
    public void onBreakerRemoved(Breaker breaker) {
        BreakerCheck check = checks.get(breaker.name());
        if (check != null && check.breaker() == breaker && checks.remove(breaker.name(), check)) {
            check.cancel();
        }
    }

    /** On the thread that created the breaker (a caller's, at first use): only schedules, never checks. */
    private void track(Breaker breaker) {
        ExecutorService running = executor;
        HealthCheckSettings check = (running != null) ? settings.apply(breaker.name()) : null;
        if (check == null || checks.containsKey(breaker.name())) {
            return;
        }
        BreakerCheck tracked = new BreakerCheck(breaker, check, probe(breaker, check), running);
        if (checks.putIfAbsent(breaker.name(), tracked) == null) {
            tracked.start();
        }
    }

    /**
     * Every target was verified at startup; one that has gone since (a contributor unregistered) must not fail the
     * call that created the breaker: its check looks for the target again each time, unhealthy until it is back.
     */
    private HealthProbe probe(Breaker breaker, HealthCheckSettings check) {
        try {
            return probes.create(check);
        } catch (RuntimeException unusable) {
            logger.warn("Health check '" + check.name() + "' of breaker '" + breaker.name()
                    + "' cannot run for now: " + unusable.getMessage());
            return () -> probes.create(check).probe();
        }
    }

    private static ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        // No queue: a check never waits behind a hanging one. Idle threads end after a minute.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "breaker-health-check-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return pool;
    }
}
