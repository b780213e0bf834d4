package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallOutcome;
import dev.breaker.CheckedFunction;
import dev.breaker.CheckedSupplier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Breaker} implementation. Not API: create breakers with {@link Breaker#of} or a
 * {@link dev.breaker.BreakerRegistry}.
 *
 * <p>This class runs the calls: it asks the current state for a permit, times the call, classifies its
 * outcome and records it against the state that let it through. The state is one volatile reference to a
 * {@link State} object; a permitted call in CLOSED reads it, bumps one striped counter and adds its code to
 * the lock-free window, with no lock, no allocation and nothing between this object and the state. Moving
 * between states is the {@link StateMachine}'s work, and the listeners are kept by {@link BreakerListeners}:
 * the two fields every call reads, {@link #state} and {@link #callListeners}, stay here and they write them.
 * What operators and the fleet ask for is handed over by {@link BreakerControls}; a call returning a
 * {@code CompletionStage} is followed to its completion by {@link StageRecording}.
 *
 * <p>The mode is folded into the state objects: an observing breaker's OPEN and HALF_OPEN permit the calls
 * an enforcing one would reject, so no call pays a branch on the mode. So are the settings a call reads (its
 * slow-call threshold, how it is timed and classified): {@link #reconfigure} replaces the state, and a call reads
 * them from the final fields of the state that let it in, with no read of this object's {@link #config}.
 */
public final class DefaultBreaker extends BreakerControls {

    static final System.Logger LOG = System.getLogger("dev.breaker.Breaker");

    /**
     * The smallest slow-call threshold against which calls are timed with {@link BreakerClock#recentNanoTime()}:
     * its lag of about a millisecond is then at most 1% of the threshold.
     */
    static final long RECENT_TIMING_MIN_THRESHOLD_NANOS = 100_000_000L;

    private static final VarHandle LISTENERS;
    private static final VarHandle MACHINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LISTENERS = lookup.findVarHandle(DefaultBreaker.class, "listeners", BreakerListeners.class);
            MACHINE = lookup.findVarHandle(DefaultBreaker.class, "machine", StateMachine.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    /** The settings; written only by {@link StateMachine}, under its lock, before the states made under them. */
    volatile BreakerConfig config;
    /** The same object whatever the settings: {@link #reconfigure} refuses another clock. */
    private final BreakerClock clock;

    /** The current state; written only by {@link StateMachine}, under its lock. */
    volatile State state;
    /** The listeners that want call outcomes; written only by {@link BreakerListeners}. */
    volatile BreakerListener[] callListeners = BreakerListeners.NONE;

    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    private final LongAdder slowSuccesses = new LongAdder();
    private final LongAdder slowFailures = new LongAdder();

    /**
     * Who listens, made with the first listener or the first transition (see {@link #listeners()}): most breakers
     * sit CLOSED with nobody listening, and need none. Never null while {@link #callListeners} is not empty.
     */
    private volatile @Nullable BreakerListeners listeners;
    /** Made with the first transition or operator's request (see {@link #machine()}), for the same reason. */
    private volatile @Nullable StateMachine machine;

    public DefaultBreaker(String name, BreakerConfig config) {
        this.name = BreakerNames.check(name);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.state = new ClosedState(this);
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
        return state.enforcedKind();
    }

    // ---- calls --------------------------------------------------------------------------------

    @Override
    public <T> T execute(Supplier<T> supplier) {
        State permit = acquire();
        long start = callTime(permit);
        T result;
        try {
            result = supplier.get();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(permit, start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(permit, start), result);
        return result;
    }

    @Override
    public void run(Runnable runnable) {
        State permit = acquire();
        long start = callTime(permit);
        try {
            runnable.run();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(permit, start), error);
            throw error;
        }
        recordSuccess(permit, elapsedSince(permit, start), null);
    }

    @Override
    public <T> T call(Callable<T> callable) throws Exception {
        State permit = acquire();
        long start = callTime(permit);
        T result;
        try {
            result = callable.call();
        } catch (Throwable error) {
            recordError(permit, elapsedSince(permit, start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(permit, start), result);
        return result;
    }

    @Override
    public <T> T executeChecked(CheckedSupplier<T> supplier) throws Throwable {
        // CheckedSupplier::get is unbound (a constant): one body for both forms, nothing allocated.
        return executeWith(supplier, CheckedSupplier::get);
    }

    @Override
    public <A, T> T executeWith(A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        State permit = acquire();
        long start = callTime(permit);
        T result;
        try {
            result = call.apply(argument);
        } catch (Throwable error) {
            recordError(permit, elapsedSince(permit, start), error);
            throw error;
        }
        recordResult(permit, elapsedSince(permit, start), result);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        return executeCompletionStageWith(supplier, Supplier::get);
    }

    @Override
    public <A, T> CompletionStage<T> executeCompletionStageWith(A argument,
            Function<? super A, ? extends CompletionStage<T>> call) {
        return StageRecording.execute(this, argument, call);
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
            if (decision == State.PASSED) {
                return true;
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

    /** The start of a call that {@code permit} let in, for {@link #elapsedSince}. */
    long callTime(State permit) {
        return permit.recentTiming ? clock.recentNanoTime() : clock.nanoTime();
    }

    /** How long the call started at {@code start} ran; never negative (recent times may be slightly out of order). */
    long elapsedSince(State permit, long start) {
        return Math.max(0, callTime(permit) - start);
    }

    /** The state that permits the call, or throws its rejection. */
    State acquire() {
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
            if (decision == State.PASSED) {
                return current.bystander();
            }
        }
    }

    // ---- recording ----------------------------------------------------------------------------

    // A call enters the totals after its listeners have heard it, so counts a listener derives from the totals
    // (the duration meter's calls of 0 ns) are never ahead of them.
    void recordSuccess(State from, long nanos, @Nullable Throwable error) {
        boolean slow = nanos > from.slowCallNanos;
        from.record(slow ? Outcome.SLOW : Outcome.SUCCESS, null);
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            listeners.called(interested, CallOutcome.SUCCESS, slow, nanos, error);
        }
        successes.increment();
        if (slow) {
            slowSuccesses.increment();
        }
    }

    void recordError(State from, long nanos, Throwable error) {
        switch (from.config.classify(error)) {
            case IGNORED -> recordIgnored(from, nanos, error);
            case SUCCESS -> recordSuccess(from, nanos, error);
            default -> recordFailure(from, nanos, error);
        }
    }

    void recordResult(State from, long nanos, @Nullable Object result) {
        BreakerConfig settings = from.config;
        if (settings.hasResultPredicate() && settings.isFailureResult(result)) {
            recordFailure(from, nanos, null);
        } else {
            recordSuccess(from, nanos, null);
        }
    }

    private void recordFailure(State from, long nanos, @Nullable Throwable error) {
        boolean slow = nanos > from.slowCallNanos;
        from.record(Outcome.of(true, slow), error);
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            listeners.called(interested, CallOutcome.FAILURE, slow, nanos, error);
        }
        failures.increment();
        if (slow) {
            slowFailures.increment();
        }
    }

    void recordIgnored(State from, long nanos, @Nullable Throwable error) {
        ignored.increment();
        from.releasePermit();
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            listeners.called(interested, CallOutcome.IGNORED, nanos > from.slowCallNanos, nanos, error);
        }
    }

    private void recordNotPermitted() {
        notPermitted.increment();
        BreakerListener[] interested = callListeners;
        if (interested.length != 0) {
            listeners.called(interested, CallOutcome.NOT_PERMITTED, false, 0, null);
        }
    }

    /** The state machine, made on first use: two threads may both make one, and then both use the first set. */
    @Override
    StateMachine machine() {
        StateMachine current = machine;
        if (current == null) {
            current = new StateMachine(this, listeners());
            if (!MACHINE.compareAndSet(this, null, current)) {
                current = machine;
            }
        }
        return current;
    }

    @Override
    @Nullable StateMachine machineIfMade() {
        return machine;
    }

    // ---- views --------------------------------------------------------------------------------

    @Override
    public BreakerMetrics metrics() {
        State current = state;
        WindowSnapshot window = current.snapshot();
        boolean rated = window.rated();
        return new BreakerMetrics(current.enforcedKind(),
                rated ? OptionalDouble.of(window.failureRate()) : OptionalDouble.empty(),
                rated ? OptionalDouble.of(window.slowCallRate()) : OptionalDouble.empty(),
                window.total(), window.failures(), window.slow(),
                successes.sum(), failures.sum(), ignored.sum(), notPermitted.sum(),
                slowSuccesses.sum(), slowFailures.sum(), current.config.mode(), current.kind());
    }

    @Override
    public Duration retryAfter() {
        State current = state;
        // An observing breaker rejects nothing, so it has nothing to wait for.
        return current.enforcedKind() == BreakerState.OPEN ? Duration.ofNanos(current.retryAfterNanos())
                : Duration.ZERO;
    }

    /** The listeners if they have been made; for tests. */
    @Nullable BreakerListeners listenersIfMade() {
        return listeners;
    }

    /** The listeners, made on first use as the {@link #machine()} is. */
    @Override
    BreakerListeners listeners() {
        BreakerListeners current = listeners;
        if (current == null) {
            current = new BreakerListeners(this);
            if (!LISTENERS.compareAndSet(this, null, current)) {
                current = listeners;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return "Breaker[" + name + ", " + state() + "]";
    }
}
