package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallOutcome;
import dev.breaker.CheckedSupplier;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Breaker} implementation. Not API: create breakers with {@link Breaker#of} or a
 * {@link dev.breaker.BreakerRegistry}.
 *
 * <p>The state is one volatile reference to a {@link State} object; a permitted call in CLOSED reads
 * it, bumps one striped counter and adds its code to the lock-free window. Transitions, which are rare,
 * are committed under a lock so that the history and the listeners see them in the order they happened.
 */
public final class DefaultBreaker implements Breaker {

    static final System.Logger LOG = System.getLogger("dev.breaker.Breaker");

    /** Longest breaker name: names end up in logs, metrics tags and URLs. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * The smallest slow-call threshold against which calls are timed with {@link BreakerClock#recentNanoTime()}:
     * its lag of about a millisecond is then at most 1% of the threshold.
     */
    static final long RECENT_TIMING_MIN_THRESHOLD_NANOS = 100_000_000L;

    private static final BreakerListener[] NO_LISTENERS = {};

    private final String name;
    private final BreakerConfig config;
    private final BreakerClock clock;
    private final long slowCallNanos;
    /** Whether calls are timed with the clock's cheap recent time rather than its exact one. */
    private final boolean recentTiming;
    private volatile State state;

    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    private final LongAdder slowSuccesses = new LongAdder();
    private final LongAdder slowFailures = new LongAdder();

    private final Object transitionLock = new Object();
    private final TransitionLog history = new TransitionLog(TRANSITION_HISTORY);
    private final ConcurrentLinkedQueue<Committed> undelivered = new ConcurrentLinkedQueue<>();
    private final @Nullable FleetSync fleetSync;
    private final AtomicBoolean delivering = new AtomicBoolean();

    private final Object listenerLock = new Object();
    private volatile BreakerListener[] listeners = NO_LISTENERS;
    private volatile BreakerListener[] callListeners = NO_LISTENERS;

    public DefaultBreaker(String name, BreakerConfig config) {
        this.name = checkName(name);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.slowCallNanos = config.slowCallDurationThreshold().toNanos();
        this.recentTiming = slowCallNanos >= RECENT_TIMING_MIN_THRESHOLD_NANOS;
        this.fleetSync = config.fleetSync().orElse(null);
        this.state = new ClosedState(this);
    }

    /** Checks a breaker name: 1 to 200 characters, none of them control characters. */
    public static String checkName(@Nullable String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            String shown = name == null ? "null"
                    : "'" + name.substring(0, Math.min(name.length(), 40)).replaceAll("\\p{Cntrl}", "?")
                            + (name.length() > 40 ? "...' (" + name.length() + " characters)" : "'");
            throw new IllegalArgumentException("Invalid breaker name " + shown + ": a name must be 1 to "
                    + MAX_NAME_LENGTH + " characters, not blank, without control characters");
        }
        return name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BreakerConfig config() {
        return config;
    }

    BreakerClock clock() {
        return clock;
    }

    @Override
    public BreakerState state() {
        return state.kind();
    }

    // ---- calls --------------------------------------------------------------------------------

    @Override
    public <T> T execute(Supplier<T> supplier) {
        State permit = acquire();
        long start = callTime();
        T result;
        try {
            result = supplier.get();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(start), result);
        return result;
    }

    @Override
    public void run(Runnable runnable) {
        State permit = acquire();
        long start = callTime();
        try {
            runnable.run();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(start), error);
            throw error;
        }
        recordSuccess(permit, elapsedSince(start), null);
    }

    @Override
    public <T> T call(Callable<T> callable) throws Exception {
        State permit = acquire();
        long start = callTime();
        T result;
        try {
            result = callable.call();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(start), result);
        return result;
    }

    @Override
    public <T> T executeChecked(CheckedSupplier<T> supplier) throws Throwable {
        State permit = acquire();
        long start = callTime();
        T result;
        try {
            result = supplier.get();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(start), result);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        State permit;
        try {
            permit = acquire();
        } catch (CallNotPermittedException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        long start = callTime();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null CompletionStage");
        } catch (Throwable error) {
            recordError(permit, elapsedSince(start), error);
            return CompletableFuture.failedFuture(error);
        }
        stage.whenComplete((result, error) -> {
            long duration = elapsedSince(start);
            if (error == null) {
                recordResult(permit, duration, result);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof CancellationException) {
                recordIgnored(permit, duration, cause);
            } else {
                recordError(permit, duration, cause);
            }
        });
        return stage;
    }

    @Override
    public Permit acquirePermit() {
        return acquire();
    }

    @Override
    public boolean tryAcquirePermission() {
        for (;;) {
            State current = state;
            int decision = current.tryAcquire();
            if (decision == State.PERMITTED) {
                return true;
            }
            if (decision == State.REJECTED) {
                recordNotPermitted();
                return false;
            }
        }
    }

    @Override
    public void releasePermission() {
        recordIgnored(state, 0, null);
    }

    @Override
    public void onSuccess(long duration, TimeUnit unit) {
        recordSuccess(state, unit.toNanos(duration), null);
    }

    @Override
    public void onError(long duration, TimeUnit unit, Throwable error) {
        recordError(state, unit.toNanos(duration), Objects.requireNonNull(error, "error"));
    }

    @Override
    public void onResult(long duration, TimeUnit unit, @Nullable Object result) {
        recordResult(state, unit.toNanos(duration), result);
    }

    /** The start of a call, for {@link #elapsedSince}. */
    private long callTime() {
        return recentTiming ? clock.recentNanoTime() : clock.nanoTime();
    }

    /** How long the call started at {@code start} ran; never negative (recent times may be slightly out of order). */
    private long elapsedSince(long start) {
        return Math.max(0, callTime() - start);
    }

    /** The state that permits the call, or throws its rejection. */
    private State acquire() {
        for (;;) {
            State current = state;
            int decision = current.tryAcquire();
            if (decision == State.PERMITTED) {
                return current;
            }
            if (decision == State.REJECTED) {
                recordNotPermitted();
                CallNotPermittedException rejection = current.rejection();
                throw rejection != null ? rejection
                        : new CallNotPermittedException(name, current.kind(), Duration.ZERO);
            }
        }
    }

    // ---- recording ----------------------------------------------------------------------------

    void recordSuccess(State from, long nanos, @Nullable Throwable error) {
        boolean slow = nanos > slowCallNanos;
        successes.increment();
        if (slow) {
            slowSuccesses.increment();
        }
        from.record(slow ? Outcome.SLOW : Outcome.SUCCESS);
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            fireCall(interested, CallOutcome.SUCCESS, slow, nanos, error);
        }
    }

    void recordError(State from, long nanos, Throwable error) {
        switch (config.classify(error)) {
            case IGNORED -> recordIgnored(from, nanos, error);
            case SUCCESS -> recordSuccess(from, nanos, error);
            default -> recordFailure(from, nanos, error);
        }
    }

    void recordResult(State from, long nanos, @Nullable Object result) {
        if (config.hasResultPredicate() && config.isFailureResult(result)) {
            recordFailure(from, nanos, null);
        } else {
            recordSuccess(from, nanos, null);
        }
    }

    private void recordFailure(State from, long nanos, @Nullable Throwable error) {
        boolean slow = nanos > slowCallNanos;
        failures.increment();
        if (slow) {
            slowFailures.increment();
        }
        from.record(Outcome.of(true, slow));
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            fireCall(interested, CallOutcome.FAILURE, slow, nanos, error);
        }
    }

    void recordIgnored(State from, long nanos, @Nullable Throwable error) {
        ignored.increment();
        from.releasePermit();
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            fireCall(interested, CallOutcome.IGNORED, nanos > slowCallNanos, nanos, error);
        }
    }

    private void recordNotPermitted() {
        notPermitted.increment();
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            fireCall(interested, CallOutcome.NOT_PERMITTED, false, 0, null);
        }
    }

    // ---- transitions --------------------------------------------------------------------------

    /** Moves from {@code from} to {@code to} if {@code from} is still the state; false otherwise. */
    boolean transition(State from, State to, String reason) {
        synchronized (transitionLock) {
            if (state != from) {
                return false;
            }
            commit(from, to, reason, Cause.RULES);
        }
        deliverTransitions();
        return true;
    }

    void open(State from, WindowSnapshot window, int reopenCount, String reason) {
        if (state == from) {
            transition(from, new OpenState(this, window, reopenCount), reason);
        }
    }

    void close(State from, String reason) {
        if (state == from) {
            transition(from, new ClosedState(this), reason);
        }
    }

    @Override
    public void transitionToForcedOpenState() {
        manual(BreakerState.FORCED_OPEN, current -> new ForcedOpenState(this, current.snapshot()),
                "forced open by an operator");
    }

    @Override
    public void transitionToDisabledState() {
        manual(BreakerState.DISABLED, current -> new DisabledState(this), "disabled by an operator");
    }

    @Override
    public void transitionToClosedState() {
        manual(BreakerState.CLOSED, current -> new ClosedState(this), "closed by an operator");
    }

    @Override
    public void reset() {
        manual(null, current -> new ClosedState(this), "reset by an operator");
    }

    /** An operator's transition; a no-op when already in {@code target} (a reset, target null, always runs). */
    private void manual(@Nullable BreakerState target, Function<State, State> next, String reason) {
        synchronized (transitionLock) {
            State current = state;
            if (current.kind() == target) {
                return;
            }
            commit(current, next.apply(current), reason, Cause.OPERATOR);
        }
        deliverTransitions();
    }

    @Override
    public boolean adopt(FleetTransition transition) {
        Objects.requireNonNull(transition, "transition");
        synchronized (transitionLock) {
            State current = state;
            if (current.kind() == transition.state() && transition.state() != BreakerState.OPEN) {
                return false;
            }
            State next;
            switch (transition.state()) {
                case OPEN -> {
                    long waitNanos = adoptedWaitNanos(transition);
                    // Already OPEN: only a later end of wait is news (another instance's trials reopened it).
                    if (current instanceof OpenState open
                            && waitNanos <= open.retryAfterNanos() + TimeUnit.MILLISECONDS.toNanos(1)) {
                        return false;
                    }
                    next = new OpenState(this, current.snapshot(), transition.reopenCount(), waitNanos);
                }
                case FORCED_OPEN -> next = new ForcedOpenState(this, current.snapshot());
                case DISABLED -> next = new DisabledState(this);
                case CLOSED -> next = new ClosedState(this);
                default -> throw new IllegalArgumentException(transition.state() + " cannot be adopted");
            }
            commit(current, next, transition.reason(), Cause.FLEET);
        }
        deliverTransitions();
        return true;
    }

    /** The rest of another instance's open wait, as a wait of our own: never negative, never absurd. */
    private long adoptedWaitNanos(FleetTransition transition) {
        Instant retryAt = Objects.requireNonNull(transition.retryAt(), "retryAt");
        Duration left = Duration.between(clock.now(), retryAt);
        if (left.isNegative()) {
            return 0;
        }
        return Math.min(left.toNanos(), BreakerConfig.MAX_DURATION.toNanos() * 2);
    }

    /** What made a transition: the breaker's own rules, an operator, or another instance of the fleet. */
    private enum Cause { RULES, OPERATOR, FLEET }

    /** A committed transition waiting for delivery, with what the fleet should hear of it (if anything). */
    private record Committed(StateTransition transition, @Nullable FleetTransition shared) { }

    private void commit(State from, State to, String reason, Cause cause) {
        state = to;
        StateTransition transition = new StateTransition(clock.now(), from.kind(), to.kind(), reason);
        history.add(transition);
        undelivered.add(new Committed(transition, shareable(to, transition, cause)));
        from.exited();
        to.entered();
    }

    /** The fleet's view of a transition, or null when it is not shared (local breaker, HALF_OPEN, adopted). */
    private @Nullable FleetTransition shareable(State to, StateTransition transition, Cause cause) {
        if (fleetSync == null || cause == Cause.FLEET || to.kind() == BreakerState.HALF_OPEN) {
            return null;
        }
        OpenState open = to instanceof OpenState o ? o : null;
        return new FleetTransition(to.kind(), cause == Cause.OPERATOR, open != null ? open.reopenCount() : 0,
                open != null ? open.retryAt() : null, transition.at(), transition.reason());
    }

    /**
     * Delivers committed transitions to listeners in commit order, one thread at a time; a transition
     * made by a listener is delivered after the one it is reacting to.
     */
    private void deliverTransitions() {
        while (!undelivered.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Committed committed;
                while ((committed = undelivered.poll()) != null) {
                    StateTransition transition = committed.transition();
                    if (committed.shared() != null && fleetSync != null) {
                        share(committed.shared());
                    }
                    for (BreakerListener listener : listeners) {
                        try {
                            listener.onStateTransition(this, transition);
                        } catch (Throwable failure) {
                            listenerFailed(listener, failure);
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    private void share(FleetTransition shared) {
        try {
            fleetSync.publish(this, shared);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            LOG.log(System.Logger.Level.WARNING, () -> "Sharing a transition of circuit breaker '" + name
                    + "' with the fleet failed; the breaker goes on deciding alone", failure);
        }
    }

    // ---- views --------------------------------------------------------------------------------

    @Override
    public BreakerMetrics metrics() {
        State current = state;
        WindowSnapshot window = current.snapshot();
        boolean rated = window.rated();
        return new BreakerMetrics(current.kind(),
                rated ? OptionalDouble.of(window.failureRate()) : OptionalDouble.empty(),
                rated ? OptionalDouble.of(window.slowCallRate()) : OptionalDouble.empty(),
                window.total(), window.failures(), window.slow(),
                successes.sum(), failures.sum(), ignored.sum(), notPermitted.sum(),
                slowSuccesses.sum(), slowFailures.sum());
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofNanos(state.retryAfterNanos());
    }

    @Override
    public List<StateTransition> transitions() {
        return history.newestFirst();
    }

    // ---- listeners ----------------------------------------------------------------------------

    @Override
    public void addListener(BreakerListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (listenerLock) {
            List<BreakerListener> all = new ArrayList<>(Arrays.asList(listeners));
            all.add(listener);
            publishListeners(all);
        }
    }

    @Override
    public void removeListener(BreakerListener listener) {
        synchronized (listenerLock) {
            List<BreakerListener> all = new ArrayList<>(Arrays.asList(listeners));
            all.remove(listener);
            publishListeners(all);
        }
    }

    private void publishListeners(List<BreakerListener> all) {
        listeners = all.toArray(NO_LISTENERS);
        callListeners = all.stream().filter(BreakerListener::receivesCallOutcomes).toArray(BreakerListener[]::new);
    }

    private void fireCall(BreakerListener[] interested, CallOutcome outcome, boolean slow, long nanos,
            @Nullable Throwable error) {
        for (BreakerListener listener : interested) {
            try {
                listener.onCall(this, outcome, slow, nanos, error);
            } catch (Throwable failure) {
                listenerFailed(listener, failure);
            }
        }
    }

    private void listenerFailed(BreakerListener listener, Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        LOG.log(System.Logger.Level.WARNING,
                () -> "Listener " + listener + " of circuit breaker '" + name + "' threw; the breaker is unaffected",
                failure);
    }

    /** {@code 60s}, {@code 1.5s}, {@code 250ms}: durations as people write them. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + "s";
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    @Override
    public String toString() {
        return "Breaker[" + name + ", " + state() + "]";
    }
}
