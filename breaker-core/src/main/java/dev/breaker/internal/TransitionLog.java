package dev.breaker.internal;

import dev.breaker.StateTransition;
import java.util.ArrayList;
import java.util.List;

/** The last few transitions of a breaker. Transitions are rare, so a lock is fine here. */
final class TransitionLog {

    private final StateTransition[] ring;
    private int next;
    private int size;

    TransitionLog(int capacity) {
        this.ring = new StateTransition[capacity];
    }

    synchronized void add(StateTransition transition) {
        ring[next] = transition;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    synchronized List<StateTransition> newestFirst() {
        List<StateTransition> result = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            result.add(ring[Math.floorMod(next - i, ring.length)]);
        }
        return List.copyOf(result);
    }
}
