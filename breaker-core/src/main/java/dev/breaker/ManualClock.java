package dev.breaker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A clock and scheduler that only move when told to: for deterministic tests of breakers, and of code
 * that uses them. Tasks scheduled on it run, in the calling thread, when {@link #advance} passes their
 * due time. Thread-safe.
 */
public final class ManualClock implements BreakerClock, BreakerScheduler {

    private final Instant origin;
    private long nanos;
    private long sequence;
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.dueNanos).thenComparingLong(t -> t.order));

    /** A clock that starts at 2025-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** A clock whose wall time starts at {@code origin}. */
    public ManualClock(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return origin.plusNanos(nanos);
    }

    /** Moves time forward and runs every scheduled task that has become due, in due order. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A clock only moves forward; cannot advance by " + duration);
        }
        long target;
        synchronized (this) {
            target = nanos + duration.toNanos();
        }
        // Run due tasks one at a time, outside the lock, with the clock set to each task's due time.
        for (;;) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.dueNanos > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                nanos = Math.max(nanos, next.dueNanos);
            }
            next.task.run();
        }
    }

    /** Moves time forward by {@code amount} of {@code unit}. */
    public void advance(long amount, TimeUnit unit) {
        advance(Duration.ofNanos(unit.toNanos(amount)));
    }

    /** Moves time forward by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** The tasks scheduled and not yet run, for assertions. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Task entry;
        synchronized (this) {
            entry = new Task(nanos + Math.max(0, unit.toNanos(delay)), sequence++, task);
            tasks.add(entry);
        }
        return () -> {
            synchronized (this) {
                tasks.remove(entry);
            }
        };
    }

    /** Runs nothing: lists what is pending, for test failure messages. */
    @Override
    public synchronized String toString() {
        List<Long> due = new ArrayList<>();
        tasks.forEach(t -> due.add(t.dueNanos));
        return "ManualClock[now=" + now() + ", pending tasks due at nanos " + due + "]";
    }

    private record Task(long dueNanos, long order, Runnable task) {
    }
}
