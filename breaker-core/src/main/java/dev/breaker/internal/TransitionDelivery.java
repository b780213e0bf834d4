package dev.breaker.internal;

import dev.breaker.FleetTransition;
import dev.breaker.StateTransition;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Hands committed transitions to the fleet and the listeners, outside the transition lock, in commit
 * order and one thread at a time, so a transition made by a listener is delivered after the one it is
 * reacting to. The fleet hears a shared transition before the listeners do.
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

    /** Queues a transition just committed, under the transition lock, so that the queue is in commit order. */
    void committed(StateTransition transition, @Nullable FleetTransition shared) {
        undelivered.add(new Committed(transition, shared));
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
                    if (committed.shared() != null) {
                        fleet.publish(committed.shared());
                    }
                    listeners.transitioned(committed.transition());
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    /** A committed transition, with what the fleet should hear of it (null: nothing). */
    private record Committed(StateTransition transition, @Nullable FleetTransition shared) {
    }
}
