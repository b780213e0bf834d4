package dev.breaker.internal;

import java.util.ArrayList;
import java.util.List;

/** The last few transitions (or changes of settings) of a breaker. They are rare, so a lock is fine here. */
final class History<T> {

    private final Object[] ring;
    private int next;
    private int size;

    History(int capacity) {
        this.ring = new Object[capacity];
    }

    synchronized void add(T entry) {
        ring[next] = entry;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    @SuppressWarnings("unchecked")
    synchronized List<T> newestFirst() {
        List<T> result = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            result.add((T) ring[Math.floorMod(next - i, ring.length)]);
        }
        return List.copyOf(result);
    }
}
