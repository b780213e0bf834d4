package dev.breaker.shared;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.ProbeGate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Shares the state of breakers marked {@code shared: true} through Redis.
 *
 * <ul>
 *   <li>A local transition is written with {@link RedisScripts#WRITE}, which orders the fleet's transitions
 *       by a version and announces each on a pub/sub channel; the others read the new state and
 *       {@link Breaker#adopt adopt} it.</li>
 *   <li>Every {@code reconcile-interval}, each shared breaker is compared with Redis: a write Redis did not
 *       take is retried, a missed announcement is caught up. This is also how sync resumes after an
 *       outage, with no special case.</li>
 *   <li>HALF_OPEN trial calls take permits from a sorted set in Redis ({@link RedisProbeGate}).</li>
 * </ul>
 *
 * <p>No calling thread waits on Redis: calls hand work to one sync thread, every Redis operation is
 * non-blocking and bounded by {@code timeout}, and a failure only marks the breaker UNAVAILABLE while it
 * goes on deciding alone.
 */
public final class RedisFleetSync implements FleetSync, FleetSyncStatus, BreakerRegistry.RegistryListener,
        SmartLifecycle, DisposableBean {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisConnectionFactory connections;
    private final SharedStateSettings settings;
    private final ScheduledExecutorService executor;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final Supplier<@Nullable BreakerRegistry> registry;
    private volatile @Nullable RedisMessageListenerContainer listener;
    private @Nullable ScheduledFuture<?> reconciling;
    private volatile boolean running;

    /**
     * @param registry the registry whose shared breakers to follow, looked up at {@link #start()} (the
     *        registry's breakers are built with this sync, so it cannot be a constructor argument)
     */
    public RedisFleetSync(ReactiveStringRedisTemplate redis, RedisConnectionFactory connections,
            SharedStateSettings settings, Supplier<@Nullable BreakerRegistry> registry) {
        this.registry = registry;
        this.redis = redis;
        this.connections = connections;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "breaker-fleet-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    public SharedStateSettings settings() {
        return settings;
    }

    // ---- FleetSync: called by breakers ------------------------------------------------------------

    @Override
    public void publish(Breaker breaker, FleetTransition transition) {
        Tracked entry = track(breaker);
        onSyncThread(() -> {
            entry.pending = transition;
            write(entry);
        });
    }

    @Override
    public ProbeGate probeGate(Breaker breaker) {
        return new RedisProbeGate(this, track(breaker), settings.probeLeaseTime().toNanos());
    }

    // ---- the registry's breakers ------------------------------------------------------------------

    @Override
    public void onBreakerAdded(Breaker breaker) {
        if (breaker.config().fleetSync().orElse(null) == this) {
            Tracked entry = track(breaker);
            if (running) {
                onSyncThread(() -> {
                    listen();
                    read(entry, null);
                });
            }
        }
    }

    @Override
    public void onBreakerRemoved(Breaker breaker) {
        tracked.computeIfPresent(breaker.name(), (name, entry) -> entry.breaker == breaker ? null : entry);
    }

    private Tracked track(Breaker breaker) {
        return tracked.compute(breaker.name(),
                (name, entry) -> entry != null && entry.breaker == breaker ? entry : new Tracked(breaker));
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
            listen();
        }
        List<Tracked> all = new ArrayList<>(tracked.values());
        CountDownLatch answered = new CountDownLatch(all.size());
        onSyncThread(() -> all.forEach(entry -> read(entry, answered::countDown)));
        try {
            if (!answered.await(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Redis did not answer within " + settings.timeout() + " at startup; shared breakers decide"
                        + " alone until it does");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        long every = settings.reconcileInterval().toMillis();
        reconciling = executor.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Subscribes to the channel, once; an application with no shared breaker never does. A subscription
     * that failed (Redis down at startup) is made again at the next reconcile.
     */
    private synchronized void listen() {
        if (listener != null) {
            return;
        }
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setRecoveryInterval(settings.reconcileInterval().toMillis());
        container.setMaxSubscriptionRegistrationWaitingTime(settings.timeout().toMillis());
        container.addMessageListener((message, pattern) -> announced(new String(message.getBody(),
                StandardCharsets.UTF_8)), new ChannelTopic(settings.channel()));
        container.afterPropertiesSet();
        try {
            container.start();
        } catch (RuntimeException unavailable) {
            failed(null, "subscribe", unavailable);
            destroyQuietly(container);
            return;
        }
        listener = container;
    }

    /** Drops a subscription that is neither listening nor recovering by itself, so that listen() starts afresh. */
    private synchronized void resubscribeIfLost() {
        RedisMessageListenerContainer current = listener;
        if (current != null && !current.isListening() && !current.isRunning()) {
            listener = null;
            destroyQuietly(current);
        }
        listen();
    }

    private static void destroyQuietly(RedisMessageListenerContainer container) {
        try {
            container.destroy();
        } catch (Exception ignored) {
            // Nothing was subscribed.
        }
    }

    @Override
    public void stop() {
        running = false;
        if (reconciling != null) {
            reconciling.cancel(false);
        }
        if (listener != null) {
            listener.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() throws Exception {
        if (listener != null) {
            listener.destroy();
        }
        executor.shutdownNow();
    }

    // ---- the sync thread ---------------------------------------------------------------------------

    private void onSyncThread(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException bug) {
                    LOG.error("Breaker fleet sync failed unexpectedly", bug);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // The application is closing: nothing more to share.
        }
    }

    /** Retries what Redis did not take and catches up with what was missed. */
    void reconcile() {
        if (!tracked.isEmpty()) {
            resubscribeIfLost();
        }
        for (Tracked entry : tracked.values()) {
            if (entry.pending != null) {
                writeUnlessWriting(entry);
            } else {
                read(entry, null);
            }
        }
    }

    /** One announcement, {@code version\nname}, from the channel. */
    private void announced(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return;
        }
        long version;
        try {
            version = Long.parseLong(message.substring(0, newline));
        } catch (NumberFormatException notOurs) {
            return;
        }
        String name = message.substring(newline + 1);
        onSyncThread(() -> {
            Tracked entry = tracked.get(name);
            if (entry != null && version > entry.version) {
                read(entry, null);
            }
        });
    }

    /** Writes the pending transition unless its write is already on its way (one write per transition). */
    private void writeUnlessWriting(Tracked entry) {
        if (entry.pending != entry.writing) {
            write(entry);
        }
    }

    private void write(Tracked entry) {
        FleetTransition transition = entry.pending;
        if (transition == null) {
            return;
        }
        entry.writing = transition;
        List<String> args = new ArrayList<>(List.of(settings.channel(), entry.breaker.name(),
                Long.toString(entry.version)));
        args.addAll(StoredState.writeArguments(transition, settings.instanceId()));
        redis.execute(RedisScripts.WRITE, List.of(entry.key), args).next().timeout(settings.timeout())
                .subscribe(result -> onSyncThread(() -> written(entry, transition, result)),
                        error -> onSyncThread(() -> {
                            if (entry.writing == transition) {
                                entry.writing = null;
                            }
                            failed(entry, "write", error);
                        }));
    }

    private void written(Tracked entry, FleetTransition transition, List<?> result) {
        if (entry.writing == transition) {
            entry.writing = null;
        }
        succeeded(entry);
        if (entry.pending == transition) {
            entry.pending = null;
        }
        long version = Long.parseLong(String.valueOf(result.get(1)));
        if ("1".equals(String.valueOf(result.get(0)))) {
            entry.version = Math.max(entry.version, version);
            return;
        }
        // Lost to an operator's state or to newer news: take what won.
        List<@Nullable String> fields = result.subList(2, result.size()).stream()
                .map(value -> value == null ? null : String.valueOf(value)).toList();
        adopt(entry, StoredState.of(Long.toString(version), fields));
    }

    private void read(Tracked entry, @Nullable Runnable done) {
        redis.<String, String>opsForHash().entries(entry.key).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .timeout(settings.timeout())
                .doFinally(signal -> {
                    if (done != null) {
                        done.run();
                    }
                })
                .subscribe(hash -> onSyncThread(() -> readDone(entry, hash)),
                        error -> onSyncThread(() -> failed(entry, "read", error)));
    }

    private void readDone(Tracked entry, Map<String, String> hash) {
        StoredState stored;
        try {
            stored = StoredState.parse(hash);
        } catch (IllegalStateException unreadable) {
            failed(entry, "read", unreadable);
            return;
        }
        succeeded(entry);
        if (entry.pending != null) {
            // A local transition Redis has not taken yet: let the write script decide against the stored one.
            writeUnlessWriting(entry);
            return;
        }
        if (stored == null) {
            if (entry.version > 0) {
                // Redis lost what it held (restarted without persistence, or a failover): put our state back.
                entry.version = 0;
                restore(entry);
            }
            return;
        }
        if (stored.version() < entry.version) {
            // Redis lost newer history than it holds; what it holds now is the fleet's latest news.
            entry.version = stored.version() - 1;
        }
        if (stored.version() > entry.version) {
            adopt(entry, stored);
        }
    }

    /** Writes this instance's state back to a Redis that lost it; CLOSED (the state of no record) needs nothing. */
    private void restore(Tracked entry) {
        Breaker breaker = entry.breaker;
        BreakerState state = breaker.state();
        if (state == BreakerState.CLOSED || state == BreakerState.HALF_OPEN) {
            return;
        }
        Instant now = Instant.now();
        String reason = breaker.transitions().isEmpty() ? "restored" : breaker.transitions().get(0).reason();
        entry.pending = new FleetTransition(state, state != BreakerState.OPEN, 0,
                state == BreakerState.OPEN ? now.plus(breaker.retryAfter()) : null, now,
                "restored to Redis after it lost the state (" + reason + ")");
        write(entry);
    }

    private void adopt(Tracked entry, StoredState stored) {
        entry.version = Math.max(entry.version, stored.version());
        if (stored.origin().equals(settings.instanceId())) {
            return;
        }
        try {
            entry.breaker.adopt(stored.toTransition());
        } catch (RuntimeException refused) {
            failed(entry, "adopt", refused);
        }
    }

    // ---- HALF_OPEN permits -------------------------------------------------------------------------

    void requestLease(Tracked entry, RedisProbeGate gate) {
        String leaseId = settings.instanceId() + "/" + UUID.randomUUID();
        long askedAt = System.nanoTime();
        List<String> args = List.of(Integer.toString(entry.breaker.config().permittedNumberOfCallsInHalfOpenState()),
                Long.toString(settings.probeLeaseTime().toMillis()), leaseId);
        try {
            redis.execute(RedisScripts.LEASE, List.of(entry.probesKey), args).next().timeout(settings.timeout())
                    .subscribe(taken -> onSyncThread(() -> {
                        succeeded(entry);
                        if (taken == 1L) {
                            gate.granted(leaseId, askedAt);
                        } else {
                            gate.denied();
                        }
                    }), error -> onSyncThread(() -> {
                        failed(entry, "probe", error);
                        gate.unavailable();
                    }));
        } catch (RuntimeException refused) {
            gate.unavailable();
            onSyncThread(() -> failed(entry, "probe", refused));
        }
    }

    void releaseLease(Tracked entry, String leaseId) {
        try {
            redis.opsForZSet().remove(entry.probesKey, leaseId).timeout(settings.timeout())
                    .subscribe(removed -> { }, error -> onSyncThread(() -> failed(entry, "release", error)));
        } catch (RuntimeException refused) {
            onSyncThread(() -> failed(entry, "release", refused));
        }
    }

    // ---- status ------------------------------------------------------------------------------------

    private void succeeded(Tracked entry) {
        entry.lastSyncAt = Instant.now();
        entry.lastError = null;
    }

    private void failed(@Nullable Tracked entry, String operation, Throwable error) {
        errors.increment();
        String message = operation + " failed: " + describe(error);
        if (entry != null) {
            entry.errors.increment();
            boolean first = entry.lastError == null;
            entry.lastError = message;
            if (first) {
                LOG.warn("Circuit breaker '" + entry.breaker.name() + "' cannot sync with Redis (" + message
                        + "); it decides alone until Redis answers again");
            }
        } else {
            LOG.warn("Breaker fleet sync: " + message);
        }
    }

    private static String describe(Throwable error) {
        String text = error.getClass().getSimpleName();
        return error.getMessage() != null ? text + ": " + error.getMessage() : text;
    }

    @Override
    public Optional<SyncStatus> status(String breakerName) {
        Tracked entry = tracked.get(breakerName);
        if (entry == null) {
            return Optional.empty();
        }
        SyncState status = entry.lastError != null ? SyncState.UNAVAILABLE
                : entry.pending != null ? SyncState.PENDING : SyncState.SYNCED;
        return Optional.of(new SyncStatus(status, entry.version, entry.lastSyncAt, entry.lastError,
                entry.errors.sum()));
    }

    @Override
    public long errors() {
        return errors.sum();
    }

    /** One shared breaker and where it stands with Redis. Written on the sync thread; read anywhere. */
    final class Tracked {
        final Breaker breaker;
        final String key;
        final String probesKey;
        /** The version of the fleet state last written or adopted here. */
        volatile long version;
        /** The local transition Redis has not taken yet, if any. */
        volatile @Nullable FleetTransition pending;
        /** The transition whose write is on its way, if any. */
        volatile @Nullable FleetTransition writing;
        volatile @Nullable Instant lastSyncAt;
        volatile @Nullable String lastError;
        final LongAdder errors = new LongAdder();

        Tracked(Breaker breaker) {
            this.breaker = breaker;
            this.key = settings.key(breaker.name());
            this.probesKey = key + ":probes";
        }
    }

    @Override
    public String toString() {
        return "RedisFleetSync[" + settings + "]";
    }
}
