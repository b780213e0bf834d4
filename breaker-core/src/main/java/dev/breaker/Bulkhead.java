package dev.breaker;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A semaphore bulkhead: at most {@code max-concurrent-calls} calls run at once; one more waits up to
 * {@code max-wait-duration} for a slot and is otherwise rejected with a {@link BulkheadFullException}.
 * It keeps one slow dependency from taking every thread of the application. Thread-safe.
 *
 * <p>Every {@code true} from {@link #tryAcquire()} must be followed by exactly one {@link #release()};
 * {@link #executeChecked} does that for you.
 *
 * <p>The free slots are spread over a few striped cells, so that callers on different threads take and give
 * back slots without writing to one shared word; a caller takes from its own cell first, then from the
 * others. Slots only ever move, so the limit is exact. A caller that finds no free slot is rejected only when
 * two reads of every cell in a row find them all empty and unchanged: at that instant none was free. Callers
 * that wait for a slot queue in arrival order; while any waits, freed slots go to the first in the queue, and
 * newcomers queue behind (or are rejected when they do not wait).
 */
public final class Bulkhead {

    /** Longs per cell: a cell per 128 bytes, so that two cells never share a cache line. */
    private static final int PAD = 16;
    /** Most cells: beyond, a thread rarely meets another on its cell anyway. */
    private static final int MAX_CELLS = 16;
    /** A cell's word: its free slots in the low 32 bits, a count of its changes above. */
    private static final long CHANGE = 1L << 32;

    private final String name;
    private final BulkheadConfig config;
    private final long maxWaitNanos;
    private final LongAdder rejected = new LongAdder();

    private final AtomicLongArray cells;
    private final int mask;

    /** Guards {@link #queue}; held only when callers wait. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The callers waiting for a slot, first come first: changed under {@link #lock}. */
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    /** {@code queue.size()}, readable without the lock: nonzero while callers wait. */
    private volatile int waiting;

    private Bulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.maxWaitNanos = config.maxWaitDuration().toNanos();
        int max = config.maxConcurrentCalls();
        int count = cellsFor(max, Runtime.getRuntime().availableProcessors());
        // A cell of padding at either end keeps the first and last off the lines of other objects.
        this.cells = new AtomicLongArray((count + 2) * PAD);
        this.mask = count - 1;
        for (int cell = 0; cell < count; cell++) {
            cells.set(index(cell), max / count + ((cell < max % count) ? 1 : 0));
        }
    }

    /** Cells for {@code max} slots: a power of two, twice the processors, at most one per slot. */
    static int cellsFor(int max, int processors) {
        int wanted = Math.min(Math.min(MAX_CELLS, 2 * Math.max(1, processors)), max);
        return Integer.highestOneBit(Math.max(1, wanted));
    }

    /** A bulkhead for the breaker named {@code name}. */
    public static Bulkhead of(String name, BulkheadConfig config) {
        return new Bulkhead(name, config);
    }

    public String name() {
        return name;
    }

    public BulkheadConfig config() {
        return config;
    }

    /**
     * Takes a slot, waiting up to {@code max-wait-duration} for one. {@code false} means rejected, and is
     * counted; so is a caller interrupted while waiting (its interrupt flag is kept).
     */
    public boolean tryAcquire() {
        if (waiting == 0 && (take() || (maxWaitNanos == 0 && !noneFree()))) {
            return true;
        }
        if (maxWaitNanos > 0 && await()) {
            return true;
        }
        rejected.increment();
        return false;
    }

    /**
     * Takes a slot only if one is free now, never waiting: for callers that must not block, such as a
     * reactive subscription. {@code false} means rejected, and is counted.
     */
    public boolean tryAcquireNow() {
        if (waiting == 0 && (take() || !noneFree())) {
            return true;
        }
        rejected.increment();
        return false;
    }

    /** Gives back a slot taken by {@link #tryAcquire()} or {@link #tryAcquireNow()}. */
    public void release() {
        int index = index(home());
        long word;
        do {
            word = cells.get(index);
        } while (!cells.compareAndSet(index, word, word + CHANGE + 1));
        // Read after the write: a caller that queued before it finds the slot (see await).
        if (waiting != 0) {
            handOver();
        }
    }

    /**
     * Runs {@code call} in a slot, which is released however it ends.
     *
     * @throws BulkheadFullException if no slot was free within {@code max-wait-duration}
     */
    public <T> T executeChecked(CheckedSupplier<T> call) throws Throwable {
        if (!tryAcquire()) {
            throw rejection();
        }
        try {
            return call.get();
        } finally {
            release();
        }
    }

    /** The exception for a call this bulkhead rejected. */
    public BulkheadFullException rejection() {
        return new BulkheadFullException(name, config.maxConcurrentCalls(), config.maxWaitDuration());
    }

    /** Slots free right now: the cells' free slots, as two reads in a row agree on them. */
    public int availableCalls() {
        for (int tries = 0;; tries++) {
            long changes = 0;
            int free = 0;
            for (int cell = 0; cell <= mask; cell++) {
                long word = cells.get(index(cell));
                changes += word >>> 32;
                free += (int) word;
            }
            long again = 0;
            for (int cell = 0; cell <= mask; cell++) {
                again += cells.get(index(cell)) >>> 32;
            }
            // Counts only grow (modulo 2^32 each): an equal sum means no cell changed between the reads.
            if (again == changes || tries == 100) {
                return free;
            }
        }
    }

    /** Calls rejected since the bulkhead was created. */
    public long rejectedCalls() {
        return rejected.sum();
    }

    /** Callers waiting for a slot right now. */
    int waitingCalls() {
        return waiting;
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", " + availableCalls() + "/" + config.maxConcurrentCalls() + " free]";
    }

    // ---- the cells --------------------------------------------------------------------------------

    /** Where the word of {@code cell} is. */
    private static int index(int cell) {
        return (cell + 1) * PAD;
    }

    /** The calling thread's own cell. */
    private int home() {
        return (int) ((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** Takes a free slot from the caller's cell, else from another; {@code false} if it found none. */
    private boolean take() {
        int home = home();
        for (int step = 0; step <= mask; step++) {
            int index = index((home + step) & mask);
            for (;;) {
                long word = cells.get(index);
                if ((int) word == 0) {
                    break;
                }
                if (cells.compareAndSet(index, word, word + CHANGE - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * After a {@link #take()} that found nothing: whether no slot was free at one instant, so that a rejection
     * is exact. Two reads of every cell in a row that find each empty and unchanged mean they were all empty
     * between the two reads; a cell seen changing may have a slot again, so the caller tries to take it, and
     * {@code false} means it took one.
     */
    private boolean noneFree() {
        for (;;) {
            long first = 0;
            boolean empty = true;
            for (int cell = 0; cell <= mask; cell++) {
                long word = cells.get(index(cell));
                first += word >>> 32;
                empty &= (int) word == 0;
            }
            if (empty) {
                long second = 0;
                for (int cell = 0; cell <= mask; cell++) {
                    long word = cells.get(index(cell));
                    second += word >>> 32;
                    empty &= (int) word == 0;
                }
                if (empty && second == first) {
                    return true;
                }
            }
            if (waiting != 0) {
                return true; // the freed slots go to the callers already waiting
            }
            if (take()) {
                return false;
            }
        }
    }

    // ---- waiting callers --------------------------------------------------------------------------

    /** A caller waiting for a slot. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** Set under the lock when a slot is handed to it; it then owns the slot. */
        volatile boolean granted;
    }

    /**
     * Queues the caller and waits up to {@code max-wait-duration} for a slot handed over by {@link #handOver}.
     * {@code false} if none came in time or the caller was interrupted (its flag kept).
     */
    private boolean await() {
        Waiter me = new Waiter();
        long deadline = System.nanoTime() + maxWaitNanos;
        lock.lock();
        try {
            queue.addLast(me);
            waiting = queue.size();
        } finally {
            lock.unlock();
        }
        // Written before reading the cells: a slot given back before it is handed over here, one given back
        // after it sees this caller waiting and hands it over itself.
        handOver();
        boolean interrupted = false;
        while (!me.granted) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                interrupted = true;
                break;
            }
        }
        try {
            if (me.granted) {
                return true;
            }
            lock.lock();
            try {
                if (me.granted) {
                    return true; // handed over just as the wait ended: the slot is this caller's
                }
                queue.remove(me);
                waiting = queue.size();
            } finally {
                lock.unlock();
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Hands the free slots of the cells to the waiting callers, first come first. */
    private void handOver() {
        lock.lock();
        try {
            while (!queue.isEmpty() && take()) {
                Waiter first = queue.pollFirst();
                waiting = queue.size();
                first.granted = true;
                LockSupport.unpark(first.thread);
            }
        } finally {
            lock.unlock();
        }
    }
}
