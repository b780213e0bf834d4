package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Moves a breaker from one state to another: by its own rules (asked by the states), by an operator, or
 * by adopting another instance's transition. Transitions are rare, so they are committed under a lock:
 * the history and the listeners then see them in the order they happened. Each is a compare-and-set from
 * the state object that decided it, so a stale state can never move a breaker that has moved on.
 * Changes of settings are committed under the same lock, and are not transitions.
 */
final class StateMachine {

    /** What made a transition: the breaker's own rules, an operator, or another instance of the fleet. */
    enum Cause { RULES, OPERATOR, FLEET }

    private final DefaultBreaker breaker;
    private final Object lock = new Object();
    private final History<StateTransition> history = new History<>(Breaker.TRANSITION_HISTORY);
    /** Made with the first change of settings, under the lock: most breakers never see one. */
    private volatile @Nullable History<SettingsChange> settingsHistory;
    private final FleetHandOff fleet;
    private final TransitionDelivery delivery;
    /** Why trial calls are held, or null when they are not (see {@link Breaker#holdTrials}). */
    private volatile @Nullable String trialsHeld;

    StateMachine(DefaultBreaker breaker, BreakerListeners listeners) {
        this.breaker = breaker;
        this.fleet = new FleetHandOff(breaker, breaker.config().fleetSync().orElse(null));
        this.delivery = new TransitionDelivery(listeners, fleet);
    }

    // ---- the breaker's own rules ---------------------------------------------------------------

    /** Moves from {@code from} to {@code to} if {@code from} is still the state; false otherwise. */
    boolean transition(State from, State to, String reason) {
        synchronized (lock) {
            if (breaker.state != from) {
                return false;
            }
            commit(from, to, reason, Cause.RULES);
        }
        delivery.deliver();
        return true;
    }

    /**
     * Opens the breaker if {@code from} is still its state (checked first, so a stale state builds nothing).
     *
     * @param cause the exception of the failed call that opened it, if one did, for the config's OpenWait
     */
    void open(State from, WindowSnapshot window, int reopenCount, @Nullable Throwable cause, String reason) {
        if (breaker.state == from) {
            transition(from, new OpenState(breaker, window, reopenCount, cause), reason);
        }
    }

    /**
     * The wait of {@code open} has ended: HALF_OPEN, or, while trial calls are held, another visit to OPEN
     * (recorded and shared like any opening, so the fleet waits too).
     */
    void waitEnded(OpenState open, String reason) {
        if (breaker.state != open) {
            return;
        }
        String held = trialsHeld;
        if (held != null) {
            transition(open, open.again(), "trial calls held: " + held);
        } else {
            transition(open, new HalfOpenState(breaker, open.reopenCount()), reason);
        }
    }

    /** See {@link Breaker#holdTrials}. */
    void holdTrials(@Nullable String reason) {
        trialsHeld = reason;
    }

    @Nullable String trialsHeld() {
        return trialsHeld;
    }

    /** See {@link Breaker#openByCheck}: from CLOSED or HALF_OPEN only. */
    boolean openByCheck(String reason) {
        synchronized (lock) {
            State current = breaker.state;
            BreakerState kind = current.kind();
            if (kind != BreakerState.CLOSED && kind != BreakerState.HALF_OPEN) {
                return false;
            }
            commit(current, new OpenState(breaker, current.snapshot(), reopenCount(current), null), reason,
                    Cause.RULES);
        }
        delivery.deliver();
        return true;
    }

    /** See {@link Breaker#concludeTrials}: from HALF_OPEN only, as its own trial calls would conclude. */
    boolean concludeTrials(boolean passed, String reason) {
        return breaker.state instanceof HalfOpenState trials && trials.conclude(passed, reason);
    }

    /** Closes the breaker with an empty window if {@code from} is still its state. */
    void close(State from, String reason) {
        if (breaker.state == from) {
            transition(from, new ClosedState(breaker), reason);
        }
    }

    /**
     * Opens for {@code waitNanos} (a dependency asked): from CLOSED, HALF_OPEN, or OPEN with a shorter wait
     * left; never while an operator holds the breaker. Re-openings carry on counting, so the backoff after
     * this wait is the one the breaker's own rules would use.
     */
    boolean openFor(long waitNanos, String reason) {
        synchronized (lock) {
            State current = breaker.state;
            if (current instanceof OpenState open) {
                if (open.retryAfterNanos() >= waitNanos) {
                    return false;
                }
            } else if (current.kind() != BreakerState.HALF_OPEN && current.kind() != BreakerState.CLOSED) {
                return false;
            }
            commit(current, new OpenState(breaker, current.snapshot(), reopenCount(current), waitNanos), reason,
                    Cause.RULES);
        }
        delivery.deliver();
        return true;
    }

    /**
     * Re-openings since the breaker was last CLOSED, for a visit to OPEN that starts in {@code current}: the
     * backoff carries on from OPEN and HALF_OPEN, and starts again from any other state.
     */
    private static int reopenCount(State current) {
        if (current instanceof OpenState open) {
            return open.reopenCount();
        }
        if (current instanceof HalfOpenState halfOpen) {
            return halfOpen.reopenCount() + 1;
        }
        return 0;
    }

    // ---- operators -------------------------------------------------------------------------------

    /** An operator's OPEN: the breaker's open wait, then trial calls. */
    void openByOperator() {
        manual(BreakerState.OPEN, current -> new OpenState(breaker, current.snapshot(), reopenCount(current), null),
                "opened by an operator");
    }

    /** An operator's HALF_OPEN: trial calls at once. */
    void halfOpenByOperator() {
        manual(BreakerState.HALF_OPEN,
                current -> new HalfOpenState(breaker, current instanceof OpenState open ? open.reopenCount() : 0),
                "half-opened by an operator");
    }

    void forceOpen() {
        manual(BreakerState.FORCED_OPEN, current -> new ForcedOpenState(breaker, current.snapshot()),
                "forced open by an operator");
    }

    void disable() {
        manual(BreakerState.DISABLED, current -> new DisabledState(breaker), "disabled by an operator");
    }

    /**
     * Closes the breaker with an empty window. Already CLOSED, the window starts again all the same, but
     * quietly: CLOSED -> CLOSED is no change of state, so, as for the other operator transitions to the
     * state the breaker is in, no transition is recorded, heard by the listeners or shared with the fleet.
     * (A {@link #reset} always records and shares its transition.)
     */
    void closeByOperator() {
        synchronized (lock) {
            State current = breaker.state;
            if (current.kind() == BreakerState.CLOSED) {
                replace(current, new ClosedState(breaker));
                return;
            }
            commit(current, new ClosedState(breaker), "closed by an operator", Cause.OPERATOR);
        }
        delivery.deliver();
    }

    void reset() {
        manual(null, current -> new ClosedState(breaker), "reset by an operator");
    }

    /** An operator's transition; a no-op when already in {@code target} (a reset, target null, always runs). */
    private void manual(@Nullable BreakerState target, Function<State, State> next, String reason) {
        synchronized (lock) {
            State current = breaker.state;
            if (current.kind() == target) {
                return;
            }
            commit(current, next.apply(current), reason, Cause.OPERATOR);
        }
        delivery.deliver();
    }

    // ---- the fleet -------------------------------------------------------------------------------

    /** See {@link Breaker#adopt}: false when the breaker was already in that state. */
    boolean adopt(FleetTransition transition) {
        Objects.requireNonNull(transition, "transition");
        synchronized (lock) {
            State current = breaker.state;
            State next = fleet.adopted(current, transition);
            if (next == null) {
                return false;
            }
            commit(current, next, transition.reason(), Cause.FLEET);
        }
        delivery.deliver();
        return true;
    }

    // ---- settings --------------------------------------------------------------------------------

    /**
     * See {@link Breaker#reconfigure}: under the lock, the new settings become the breaker's and the state is
     * replaced by its equivalent under them (see {@link Reconfiguration}), without a transition. A window kept
     * is then judged under the new thresholds, after the change is delivered, as an outcome would judge it: if
     * it trips them, the breaker opens by an ordinary transition.
     */
    SettingsChange reconfigure(BreakerConfig next, String source) {
        Objects.requireNonNull(next, "settings");
        Objects.requireNonNull(source, "source");
        Reconfiguration.checkSameMachinery(breaker.config(), next);
        SettingsChange change;
        ClosedState kept = null;
        synchronized (lock) {
            State current = breaker.state;
            List<SettingsChange.Setting> changed = Reconfiguration.changes(breaker.config.settings(),
                    next.settings());
            if (changed.isEmpty()) {
                return new SettingsChange(breaker.clock().now(), source, changed,
                        current.kind() == BreakerState.CLOSED, "settings unchanged");
            }
            breaker.config = next;
            Reconfiguration.Replacement replacement = Reconfiguration.replacement(breaker, current, changed);
            replace(current, replacement.state());
            change = new SettingsChange(breaker.clock().now(), source, changed, replacement.windowKept(),
                    replacement.effect());
            History<SettingsChange> changes = settingsHistory;
            if (changes == null) {
                changes = new History<>(Breaker.TRANSITION_HISTORY);
                settingsHistory = changes;
            }
            changes.add(change);
            delivery.committed(change);
            if (replacement.windowKept()) {
                kept = (ClosedState) replacement.state();
            }
        }
        delivery.deliver();
        if (kept != null) {
            kept.evaluate();
        }
        return change;
    }

    /** The last changes of settings, newest first. */
    List<SettingsChange> settingsChanges() {
        History<SettingsChange> changes = settingsHistory;
        return changes != null ? changes.newestFirst() : List.of();
    }

    // ---- committing --------------------------------------------------------------------------------

    /** The last transitions, newest first. */
    List<StateTransition> history() {
        return history.newestFirst();
    }

    /** Under the lock: makes {@code to} the state, records the transition and queues it for delivery. */
    private void commit(State from, State to, String reason, Cause cause) {
        breaker.state = to;
        StateTransition transition = new StateTransition(breaker.clock().now(), from.kind(), to.kind(), reason);
        history.add(transition);
        delivery.committed(transition, fleet.toShare(to, transition, cause), to.observing());
        from.exited();
        to.entered();
    }

    /** Under the lock: makes {@code to} the state without a transition (same kind, a fresh visit). */
    private void replace(State from, State to) {
        breaker.state = to;
        from.exited();
        to.entered();
    }
}
