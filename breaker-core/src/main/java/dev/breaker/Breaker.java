package dev.breaker;

import dev.breaker.internal.DefaultBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One named circuit breaker. Thread-safe; a permitted call in CLOSED takes no lock and allocates
 * nothing.
 *
 * <p>Most code uses {@link #execute}, {@link #run}, {@link #call} or {@link #executeCompletionStage}:
 * they ask for permission, time the call, classify its outcome and record it against the state that
 * let it through. Integrations that cannot wrap a call use {@link #acquirePermit()} and report on the
 * returned {@link Permit}, or the lower-level {@link #tryAcquirePermission()} with {@code onSuccess} /
 * {@code onError} / {@link #releasePermission()}, which record against the state current at the time.
 */
public interface Breaker {

    /** A breaker named {@code name} with the given settings. */
    static Breaker of(String name, BreakerConfig config) {
        return new DefaultBreaker(name, config);
    }

    /** A breaker named {@code name} with the built-in defaults. */
    static Breaker ofDefaults(String name) {
        return of(name, BreakerConfig.defaults());
    }

    String name();

    BreakerConfig config();

    /**
     * The state the breaker enforces. An observing breaker ({@link BreakerMode#OBSERVE}) reports CLOSED
     * while its state machine is CLOSED, OPEN or HALF_OPEN (see {@link BreakerMetrics#wouldBeState()});
     * FORCED_OPEN and DISABLED, an operator's, are enforced and reported in either mode.
     */
    BreakerState state();

    /**
     * Runs {@code supplier} if permitted, records its outcome and returns its result.
     *
     * @throws CallNotPermittedException if the breaker rejects the call
     */
    <T> T execute(Supplier<T> supplier);

    /** Runs {@code runnable} if permitted and records its outcome. */
    void run(Runnable runnable);

    /** Runs {@code callable} if permitted and records its outcome; its exceptions propagate unchanged. */
    <T> T call(Callable<T> callable) throws Exception;

    /** Runs {@code supplier} if permitted and records its outcome; anything it throws propagates unchanged. */
    <T> T executeChecked(CheckedSupplier<T> supplier) throws Throwable;

    /**
     * Runs {@code call} on {@code argument} if permitted and records its outcome; anything it throws propagates
     * unchanged. Like {@link #executeChecked(CheckedSupplier)}, but the call's input is passed rather than
     * captured: with a constant {@code call} (an unbound method reference such as {@code MethodInvocation::proceed})
     * nothing is allocated per call, even where the JIT does not inline the caller.
     *
     * <p>The default implementation wraps the call in a {@link CheckedSupplier}; the breakers of
     * {@link #of(String, BreakerConfig)} allocate nothing.
     *
     * @throws CallNotPermittedException if the breaker rejects the call
     */
    default <A, T> T executeWith(A argument, CheckedFunction<? super A, ? extends T> call) throws Throwable {
        return executeChecked(() -> call.apply(argument));
    }

    /**
     * Starts the stage if permitted; its outcome and duration are recorded when it completes. A rejected
     * call, or a supplier that throws, gives a stage completed exceptionally. A stage cancelled by its
     * consumer releases its permit and counts as ignored.
     */
    <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Starts the stage {@code call} makes of {@code argument} if permitted, as {@link #executeCompletionStage}: its
     * outcome and duration are recorded when it completes, a rejected call or a {@code call} that throws or returns
     * null gives a stage completed exceptionally, a cancelled stage releases its permit. The input is passed rather
     * than captured, so a constant {@code call} costs no allocation; the breakers of {@link #of(String, BreakerConfig)}
     * also record a stage that has already completed normally at once, without composing onto it. When permitted,
     * the stage returned is the one {@code call} returned.
     */
    default <A, T> CompletionStage<T> executeCompletionStageWith(A argument,
            Function<? super A, ? extends CompletionStage<T>> call) {
        return executeCompletionStage(() -> call.apply(argument));
    }

    /**
     * Asks permission for one call and returns the permit to report its outcome on.
     *
     * @throws CallNotPermittedException if the breaker rejects the call (counted as not permitted)
     */
    Permit acquirePermit();

    /**
     * Asks permission for one call. A {@code true} answer must be followed by exactly one of
     * {@code onSuccess}, {@code onError}, {@code onResult} or {@link #releasePermission()}; a
     * {@code false} answer is counted as a call not permitted.
     */
    boolean tryAcquirePermission();

    /** Gives back a permission without recording an outcome (the call did not happen, or was cancelled). */
    void releasePermission();

    /** Records a successful call that took {@code duration}. */
    void onSuccess(long duration, TimeUnit unit);

    /** Records a call that took {@code duration} and ended with {@code error}, classified by the config. */
    void onError(long duration, TimeUnit unit, Throwable error);

    /** Records a call that returned {@code result}: a failure if the result predicate says so, else a success. */
    void onResult(long duration, TimeUnit unit, @Nullable Object result);

    /** Records a successful call that took {@code duration}. */
    default void onSuccess(Duration duration) {
        onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Records a call that took {@code duration} and ended with {@code error}. */
    default void onError(Duration duration, Throwable error) {
        onError(duration.toNanos(), TimeUnit.NANOSECONDS, error);
    }

    /** Opens the breaker until an operator closes or resets it. */
    void transitionToForcedOpenState();

    /**
     * Opens the breaker for {@code wait}, then trial calls as after any open wait: for a dependency that said
     * how long to stay away (an HTTP 429 or 503 with {@code Retry-After}). Shared with the fleet like an opening
     * by the breaker's own rules. It never shortens a wait already running, and does nothing while an operator
     * holds the breaker FORCED_OPEN or DISABLED.
     *
     * @param wait how long to reject calls; positive
     * @param reason why, shown in the transition history (e.g. "payments.example.com asked to retry after 30s")
     * @return whether the breaker moved (false when it was held by an operator or already open for longer)
     * @throws IllegalArgumentException if {@code wait} is zero or negative
     */
    boolean openFor(Duration wait, String reason);

    /**
     * An operator's OPEN: rejects calls for the configured open wait (or {@link BreakerConfig#openWait()}'s),
     * then lets trial calls through as after any open wait, unlike {@link #transitionToForcedOpenState()}.
     * Shared with the fleet as an operator's transition. Does nothing when already OPEN.
     */
    void transitionToOpenState();

    /**
     * An operator's HALF_OPEN: lets trial calls through at once, whose outcomes close or reopen the breaker
     * as usual. Does nothing when already HALF_OPEN.
     */
    void transitionToHalfOpenState();

    /**
     * Opens a CLOSED or HALF_OPEN breaker because a check outside the calls (a health check, a monitor) found
     * the dependency failing: the normal open wait, then trial calls. Shared with the fleet like an opening by
     * the breaker's own rules, not an operator's.
     *
     * @param reason why, shown in the transition history (e.g. "health check of payments failed")
     * @return whether the breaker opened; false, doing nothing, when it was OPEN, FORCED_OPEN or DISABLED
     */
    boolean openByCheck(String reason);

    /**
     * Ends a HALF_OPEN visit with a verdict on its trial calls reached outside this instance (the fleet's trial
     * calls together, see {@link ProbeGate#decidesTrials()}), as the breaker's own rules would end it: CLOSED
     * with an empty window if they passed, else OPEN with the next backoff. Shared with the fleet like a
     * transition by the breaker's own rules.
     *
     * @param passed whether the trial calls passed
     * @param reason why, shown in the transition history (e.g. "fleet trial calls: failure rate 0% < 50% ...")
     * @return whether the breaker moved; false, doing nothing, when it was not HALF_OPEN
     */
    boolean concludeTrials(boolean passed, String reason);

    /**
     * Holds back trial calls, or lets them go again. While held ({@code reason} not null), an OPEN breaker
     * whose wait ends stays OPEN for another open wait instead of going HALF_OPEN; the history records each
     * OPEN -> OPEN as {@code "trial calls held: <reason>"}. {@code null} releases the hold: the next end of
     * wait goes HALF_OPEN as usual. The hold is this instance's own and outlasts {@link #reset()}; each wait
     * it adds is shared with the fleet like any opening, so that the other instances wait too. It does not
     * stop {@link #transitionToHalfOpenState()}.
     *
     * @param reason why trial calls are held (e.g. "payments in maintenance until 02:00"), or null to release
     */
    void holdTrials(@Nullable String reason);

    /** The reason trial calls are held for (see {@link #holdTrials}); empty when they are not. */
    Optional<String> trialsHeld();

    /** Permits every call and records nothing until an operator closes or resets it. */
    void transitionToDisabledState();

    /**
     * Closes the breaker with an empty window. On a breaker already CLOSED this only empties the window:
     * it is no change of state, so no transition is recorded, heard by listeners or shared with the fleet
     * (use {@link #reset()} for that).
     */
    void transitionToClosedState();

    /** Back to an empty CLOSED state, forgetting the open-wait backoff. Lifetime counters are kept. */
    void reset();

    /**
     * Moves to a state another instance of the fleet reached (see {@link FleetSync}), without sharing
     * it back. An OPEN transition keeps its end of wait, so the fleet probes at about the same time.
     * Listeners hear the transition as any other.
     *
     * @return false when the breaker was already in that state, which is then left as it is
     */
    boolean adopt(FleetTransition transition);

    /**
     * Changes the breaker's settings while it runs. The state is kept (an OPEN breaker keeps the rest of its wait,
     * a HALF_OPEN one starts its trial calls again under the new settings); the window's outcomes are kept when
     * the window's type and size are unchanged, and emptied otherwise. Operators' FORCED_OPEN and DISABLED stay.
     * The change is kept in {@link #settingsChanges()} with its source and each old and new value.
     *
     * <p>Kept outcomes are judged by the new settings at once: if they trip the new thresholds, the breaker opens
     * by an ordinary transition (after the change in the history and for listeners). A change of mode takes effect
     * in every state. The change itself is no transition: listeners hear it through
     * {@link BreakerListener#onSettingsChanged}, and the fleet does not hear it. Calls already let in keep the
     * settings that let them in. Settings are compared by {@link BreakerConfig#settings()}: when they are equal,
     * nothing changes, predicates and open-wait included (those are taken along with a change of settings).
     *
     * @param settings the new settings; their clock, scheduler and fleet sync must be the current ones
     * @param source who asks (e.g. "actuator"), shown in the history
     * @return the change as recorded; one with nothing {@code changed} (and not recorded) when the settings are equal
     * @throws IllegalArgumentException if {@code settings} has another clock, scheduler or fleet sync
     */
    SettingsChange reconfigure(BreakerConfig settings, String source);

    /** The last changes of settings ({@link #reconfigure}), newest first (at most {@value #TRANSITION_HISTORY}). */
    List<SettingsChange> settingsChanges();

    /** The current figures. Reading them never changes the state. */
    BreakerMetrics metrics();

    /** The rest of the wait before a trial call is let through while OPEN; zero in any other state. */
    Duration retryAfter();

    /** The last transitions, newest first (at most {@value #TRANSITION_HISTORY} kept). */
    List<StateTransition> transitions();

    /** How many transitions {@link #transitions()} keeps. */
    int TRANSITION_HISTORY = 20;

    void addListener(BreakerListener listener);

    void removeListener(BreakerListener listener);

    /**
     * Permission for one call, bound to the state that gave it: report exactly one outcome on it.
     * Permits may be shared objects; they hold no per-call data.
     */
    interface Permit {

        /** Records a successful call that took {@code durationNanos}. */
        void onSuccess(long durationNanos);

        /** Records a call that took {@code durationNanos} and ended with {@code error}, classified by the config. */
        void onError(long durationNanos, Throwable error);

        /** Records a call that returned {@code result}, checked by the result predicate. */
        void onResult(long durationNanos, @Nullable Object result);

        /** Gives the permit back without recording an outcome (cancelled, or never started). */
        void release();
    }
}
