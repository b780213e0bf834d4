package dev.breaker.internal;

import dev.breaker.FleetTransition;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Hands committed transitions and changes of settings to the fleet and the listeners, outside the transition
 * lock, in commit order and one thread at a time, so a transition made by a listener is delivered after the one
 * it is reacting to. The fleet hears a shared transition before the listeners do.
 */
final class TransitionDelivery {

    private final ConcurrentLinkedQueue<Committed> undelivered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final BreakerListeners listeners;
    private final FleetHandOff fleet;

    TransitionDelivery(BreakerListeners listeners, FleetHandOff fleet) {
        this.listeners = listeners;
        this.fleet = fleet;
    }

    /**
     * Queues a transition just committed, under the transition lock, so that the queue is in commit order.
     *
     * @param observing whether the breaker was observing when it made the transition: its listeners hear it so,
     *        even if its mode has changed by the time it is delivered
     */
    void committed(StateTransition transition, @Nullable FleetTransition shared, boolean observing) {
        undelivered.add(new Transition(transition, shared, observing));
    }

    /** Queues a change of settings just applied, under the transition lock, in order with the transitions. */
    void committed(SettingsChange change) {
        undelivered.add(new SettingsChanged(change));
    }

    /**
     * Delivers what is queued, unless another thread is delivering: that thread then delivers ours too,
     * as it polls until the queue is empty (the loop re-checks after letting go, so none is left behind).
     */
    void deliver() {
        while (!undelivered.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Committed committed;
                while ((committed = undelivered.poll()) != null) {
                    if (committed instanceof Transition transition) {
                        if (transition.shared() != null) {
                            fleet.publish(transition.shared());
                        }
                        listeners.transitioned(transition.transition(), transition.observing());
                    } else if (committed instanceof SettingsChanged changed) {
                        listeners.settingsChanged(changed.change());
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    /** What waits for delivery. */
    private sealed interface Committed permits Transition, SettingsChanged {
    }

    /** A committed transition, with what the fleet should hear of it (null: nothing). */
    private record Transition(StateTransition transition, @Nullable FleetTransition shared, boolean observing)
            implements Committed {
    }

    /** A change of settings: the listeners hear it, the fleet does not (each instance has its own settings). */
    private record SettingsChanged(SettingsChange change) implements Committed {
    }
}
