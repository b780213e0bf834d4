package dev.breaker.internal;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.FleetTransition;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The side of a {@link Breaker} that operators, checks and the fleet use: transitions, the hold on trial
 * calls, changes of settings, the history and the listeners. Each hands over to the {@link StateMachine} or {@link BreakerListeners};
 * {@link DefaultBreaker}, which runs the calls, holds them, so that nothing a call reads is one hop further.
 */
abstract class BreakerControls implements Breaker {

    /** The state machine; made on first use. */
    abstract StateMachine machine();

    /** The state machine if it has been made: reads of what only a machine can have changed need not make one. */
    abstract @Nullable StateMachine machineIfMade();

    abstract BreakerListeners listeners();

    @Override
    public void transitionToForcedOpenState() {
        machine().forceOpen();
    }

    @Override
    public boolean openFor(Duration wait, String reason) {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(reason, "reason");
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("wait must be positive, was " + wait);
        }
        return machine().openFor(wait.compareTo(BreakerConfig.MAX_DURATION) > 0
                ? BreakerConfig.MAX_DURATION.toNanos() : wait.toNanos(), reason);
    }

    @Override
    public void transitionToOpenState() {
        machine().openByOperator();
    }

    @Override
    public void transitionToHalfOpenState() {
        machine().halfOpenByOperator();
    }

    @Override
    public boolean openByCheck(String reason) {
        return machine().openByCheck(Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public boolean concludeTrials(boolean passed, String reason) {
        return machine().concludeTrials(passed, Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public void holdTrials(@Nullable String reason) {
        machine().holdTrials(reason);
    }

    @Override
    public Optional<String> trialsHeld() {
        StateMachine machine = machineIfMade();
        return Optional.ofNullable(machine != null ? machine.trialsHeld() : null);
    }

    @Override
    public void transitionToDisabledState() {
        machine().disable();
    }

    @Override
    public void transitionToClosedState() {
        machine().closeByOperator();
    }

    @Override
    public void reset() {
        machine().reset();
    }

    @Override
    public boolean adopt(FleetTransition transition) {
        return machine().adopt(transition);
    }

    @Override
    public List<StateTransition> transitions() {
        StateMachine machine = machineIfMade();
        return machine != null ? machine.history() : List.of();
    }

    @Override
    public void addListener(BreakerListener listener) {
        listeners().add(listener);
    }

    @Override
    public void removeListener(BreakerListener listener) {
        listeners().remove(listener);
    }

    @Override
    public SettingsChange reconfigure(BreakerConfig settings, String source) {
        return machine().reconfigure(settings, source);
    }

    @Override
    public List<SettingsChange> settingsChanges() {
        StateMachine machine = machineIfMade();
        return machine != null ? machine.settingsChanges() : List.of();
    }
}
