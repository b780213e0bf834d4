package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ProbeGate;
import dev.breaker.StateTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.scheduler.Schedulers;

/**
 * Shares the state of breakers marked {@code shared: true} through Redis.
 *
 * <ul>
 *   <li>A local transition is written with {@link RedisScripts#WRITE}, which orders the fleet's transitions
 *       by a version and announces each on a pub/sub channel; the others read the new state and
 *       {@link Breaker#adopt adopt} it. Each transition carries an id, so Redis applies it once however many
 *       copies of its write it runs.</li>
 *   <li>Every {@code reconcile-interval}, each shared breaker is compared with Redis: a write Redis did not
 *       take is retried, a missed announcement is caught up. This is also how sync resumes after an
 *       outage, with no special case.</li>
 *   <li>HALF_OPEN trial calls take permits from a sorted set in Redis ({@link RedisProbeGate}), fetched
 *       when the visit begins.</li>
 *   <li>Breakers marked {@code shared-window: true} also send their call counts once a second and trip on the
 *       whole fleet's, and let the fleet judge their trial calls ({@link FleetWindows}).</li>
 * </ul>
 *
 * <p>No calling thread waits on Redis: calls hand work to one sync thread, every Redis operation is
 * non-blocking and bounded by {@code timeout}, and a failure only marks the breaker UNAVAILABLE while it
 * goes on deciding alone.
 *
 * <p>This class is the lifecycle: it follows the registry's shared breakers ({@link TrackedBreaker}), runs
 * the {@link SyncThread} and the reconcile schedule, and owns the {@link FleetSubscriber}. What is written,
 * read and adopted is decided by {@link StateExchange}, over {@link RedisStateStore}.
 */
public final class RedisFleetSync implements FleetSync, FleetSyncStatus, BreakerRegistry.RegistryListener,
        SmartLifecycle, DisposableBean {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final SharedStateSettings settings;
    private final SyncThread syncThread = new SyncThread();
    private final StateExchange exchange;
    private final FleetSubscriber subscriber;
    private final FleetWindows windows;
    private final Map<String, TrackedBreaker> tracked = new ConcurrentHashMap<>();
    private final Supplier<@Nullable BreakerRegistry> registry;
    private @Nullable ScheduledFuture<?> reconciling;
    private volatile boolean running;

    /**
     * @param registry the registry whose shared breakers to follow, looked up at {@link #start()} (the
     *        registry's breakers are built with this sync, so it cannot be a constructor argument)
     */
    public RedisFleetSync(ReactiveStringRedisTemplate redis, RedisConnectionFactory connections,
            SharedStateSettings settings, Supplier<@Nullable BreakerRegistry> registry) {
        this.registry = registry;
        this.settings = settings;
        StateExchange exchange = new StateExchange(new RedisStateStore(redis, settings, syncThread),
                settings.instanceId(), syncThread, settings.timeout());
        this.exchange = exchange;
        this.subscriber = new FleetSubscriber(connections, settings, this::announced,
                unavailable -> exchange.failed(null, "subscribe", unavailable));
        this.windows = new FleetWindows(this, new FleetWindowStore(redis, settings.timeout(), syncThread), exchange,
                syncThread, settings);
    }

    public SharedStateSettings settings() {
        return settings;
    }

    /**
     * The fleet sync of breakers marked {@code shared-window: true}: it shares their state as this does, and also
     * trips them on the fleet's calls and lets the fleet judge their trial calls (see {@link FleetWindows}).
     */
    public FleetSync windowed() {
        return windows.sync();
    }

    // ---- FleetSync: called by breakers ------------------------------------------------------------

    @Override
    public void publish(Breaker breaker, FleetTransition transition) {
        TrackedBreaker entry = track(breaker);
        syncThread.execute(() -> exchange.publish(entry, transition));
    }

    /**
     * The gate of the HALF_OPEN visit that begins; it asks for the visit's permits at once, in the background.
     * Threads racing to begin the same visit each ask for a gate, and only one of their HALF_OPEN states is
     * used and closed: they get one gate, so the losers' states hold nothing of their own.
     */
    @Override
    public ProbeGate probeGate(Breaker breaker) {
        TrackedBreaker entry = track(breaker);
        long leaseNanos = settings.probeLeaseTime().toNanos();
        if (breaker.state() == BreakerState.HALF_OPEN) {
            // HALF_OPEN is entered from OPEN only: this thread lost the race to the visit in progress, and its
            // state will never be used. Its gate fetches nothing.
            return new RedisProbeGate(exchange, entry, new Object(), leaseNanos);
        }
        // The visit follows the breaker's latest transition, the same for every thread racing to begin it.
        List<StateTransition> history = breaker.transitions();
        Object visit = history.isEmpty() ? new Object() : history.get(0);
        RedisProbeGate gate = entry.visitGate(visit, key -> new RedisProbeGate(exchange, entry, key, leaseNanos));
        gate.prefetch();
        return gate;
    }

    // ---- the registry's breakers ------------------------------------------------------------------

    /**
     * Follows a shared breaker the registry created. One created while the application runs (the first call of an
     * annotated method, say) reads the fleet's state before the registry returns it: the registry calls this on
     * the creating thread, which waits for the answer, at most {@code timeout}, so that the breaker's first call
     * is decided by the fleet's state. Threads that must not block (Reactor's non-blocking threads, the sync
     * thread itself) do not wait: the state is read in the background.
     */
    @Override
    public void onBreakerAdded(Breaker breaker) {
        if (breaker.config().fleetSync().orElse(null) == this || windows.windowed(breaker)) {
            TrackedBreaker entry = track(breaker);
            windows.follow(entry);
            if (running) {
                subscriber.listenInBackground();
                readBeforeFirstCall(entry);
            }
        }
    }

    private void readBeforeFirstCall(TrackedBreaker entry) {
        CountDownLatch answered = new CountDownLatch(1);
        syncThread.execute(() -> exchange.read(entry, answered::countDown));
        if (syncThread.isCurrent() || Schedulers.isInNonBlockingThread()) {
            return;
        }
        try {
            // A read that does not answer in time is reported as a failed exchange by the read itself.
            answered.await(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onBreakerRemoved(Breaker breaker) {
        tracked.computeIfPresent(breaker.name(), (name, entry) -> entry.breaker == breaker ? null : entry);
        windows.forget(breaker);
    }

    private TrackedBreaker track(Breaker breaker) {
        return tracked.compute(breaker.name(), (name, entry) -> entry != null && entry.breaker == breaker
                ? entry : new TrackedBreaker(breaker, settings.key(name)));
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    /**
     * Subscribes, then reads the current state of every shared breaker, waiting at most {@code timeout}
     * for the answers so that an instance joining an open fleet does not first send it a burst of calls.
     */
    @Override
    public void start() {
        BreakerRegistry breakers = registry.get();
        if (breakers != null) {
            breakers.addRegistryListener(this);
            breakers.breakers().forEach(this::onBreakerAdded);
        }
        running = true;
        if (!tracked.isEmpty()) {
            subscriber.listen();
        }
        List<TrackedBreaker> all = new ArrayList<>(tracked.values());
        CountDownLatch answered = new CountDownLatch(all.size());
        syncThread.execute(() -> all.forEach(entry -> exchange.read(entry, answered::countDown)));
        try {
            if (!answered.await(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Redis did not answer within " + settings.timeout() + " at startup; shared breakers decide"
                        + " alone until it does");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        reconciling = syncThread.scheduleWithFixedDelay(this::reconcile, settings.reconcileInterval().toMillis());
        windows.start();
    }

    @Override
    public void stop() {
        running = false;
        if (reconciling != null) {
            reconciling.cancel(false);
        }
        windows.stop();
        subscriber.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() throws Exception {
        subscriber.destroy();
        syncThread.shutdownNow();
    }

    // ---- on the sync thread ------------------------------------------------------------------------

    /** Retries what Redis did not take and catches up with what was missed. */
    void reconcile() {
        if (!tracked.isEmpty()) {
            subscriber.resubscribeIfLost();
        }
        for (TrackedBreaker entry : tracked.values()) {
            exchange.reconcile(entry);
        }
    }

    /** An announcement from the channel, heard on the listener's thread. */
    private void announced(long version, String breakerName) {
        syncThread.execute(() -> {
            TrackedBreaker entry = tracked.get(breakerName);
            if (entry != null) {
                exchange.announced(entry, version);
            }
        });
    }

    // ---- status ------------------------------------------------------------------------------------

    @Override
    public Optional<SyncStatus> status(String breakerName) {
        return Optional.ofNullable(tracked.get(breakerName)).map(TrackedBreaker::status);
    }

    /** The tracking of the shared breaker {@code breakerName}, if any (for tests). */
    @Nullable TrackedBreaker tracked(String breakerName) {
        return tracked.get(breakerName);
    }

    @Override
    public long errors() {
        return exchange.errors();
    }

    @Override
    public boolean windowed(Breaker breaker) {
        return windows.windowed(breaker);
    }

    @Override
    public Optional<FleetWindowStatus> window(String breakerName) {
        return windows.status(breakerName);
    }

    @Override
    public String toString() {
        return "RedisFleetSync[" + settings + "]";
    }
}
