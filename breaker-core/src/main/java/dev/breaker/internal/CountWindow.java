package dev.breaker.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@code size} outcomes, in a ring of slots, without a lock.
 *
 * <p>Each call claims the next index and swaps its code into the slot, getting back the code it
 * replaces; the counts change by the difference, in one packed counter (total, failures and slow calls
 * in 21-bit fields). Every code enters and leaves the counter exactly once, so the counts are exact once
 * the calls in flight have finished.
 *
 * <p>What a healthy system does almost every time costs one read: a success recorded into a window full of
 * successes (the counter reads exactly {@code size}) changes nothing, so it claims no index and writes
 * nothing, and callers on many threads share the counter's cache line without contending for it. This
 * stays exact because a failure or slow call adds its weight to the counter <em>before</em> it claims an
 * index, and leaves the counter only after it has left its slot: while the counter reads {@code size},
 * the last {@code size} outcomes, those in flight included, are all successes, and the one a skipped
 * success would have pushed out is a success too. Without a max age, a success replacing a success in
 * a window that is not full of them still claims its index but writes nothing.
 *
 * <p>With a max age, slots also hold the time they were written (in milliseconds since the window
 * began) and a tail pointer walks the oldest slots, emptying those that have aged out; every outcome
 * then claims an index, since it also refreshes the age of the window.
 *
 * <p>A reconfigured breaker that keeps its window keeps these slots and counters in a window with another
 * minimum and max age ({@link #withLimits}); calls still in flight may record into either, each code still
 * entering and leaving the counter once. Outcomes written while there was no max age carry no time, and count
 * as written when the window began.
 */
final class CountWindow implements Window {

    private static final long EMPTY = 0;
    private static final long PRESENT = 1L << 2;
    private static final long SUCCESS_VALUE = PRESENT | Outcome.SUCCESS;
    private static final int FIELD_BITS = 21;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;

    private final int size;
    private final long minimum;
    private final long maxAgeMillis;
    private final long originNanos;
    private final AtomicLongArray slots;
    private final AtomicLong head;
    private final AtomicLong tail;
    private final AtomicLong counts;

    /**
     * @param size calls kept
     * @param minimumNumberOfCalls calls before rates count (capped at {@code size})
     * @param maxAgeMillis age after which outcomes stop counting; 0 = off
     * @param originNanos the clock's time now, when {@code maxAgeMillis} is set
     */
    CountWindow(int size, int minimumNumberOfCalls, long maxAgeMillis, long originNanos) {
        this(size, minimumNumberOfCalls, maxAgeMillis, originNanos, new AtomicLongArray(size), new AtomicLong(),
                new AtomicLong(), new AtomicLong());
    }

    private CountWindow(int size, int minimumNumberOfCalls, long maxAgeMillis, long originNanos,
            AtomicLongArray slots, AtomicLong head, AtomicLong tail, AtomicLong counts) {
        this.size = size;
        this.minimum = Math.min(minimumNumberOfCalls, size);
        this.maxAgeMillis = maxAgeMillis;
        this.originNanos = originNanos;
        this.slots = slots;
        this.head = head;
        this.tail = tail;
        this.counts = counts;
    }

    @Override
    public Window withLimits(int minimumNumberOfCalls, long maxAgeMillis) {
        return new CountWindow(size, minimumNumberOfCalls, maxAgeMillis, originNanos, slots, head, tail, counts);
    }

    @Override
    public boolean timed() {
        return maxAgeMillis > 0;
    }

    @Override
    public boolean record(int code, long nowNanos) {
        if (maxAgeMillis > 0) {
            return recordAged(code, nowNanos);
        }
        if (code == Outcome.SUCCESS) {
            return recordSuccess();
        }
        long value = PRESENT | code;
        // In the counts before it claims an index: see the class comment.
        counts.getAndAdd(weight(value));
        int slot = (int) (head.getAndIncrement() % size);
        long old = slots.getAndSet(slot, value);
        if (old != EMPTY) {
            counts.getAndAdd(-weight(old));
        }
        return true;
    }

    /** A success without a max age; true only while the window warms up (a success can only lower the rates). */
    private boolean recordSuccess() {
        if (counts.get() == size) {
            return false; // full of successes: one more changes nothing
        }
        int slot = (int) (head.getAndIncrement() % size);
        if (slots.get(slot) == SUCCESS_VALUE) {
            return false; // the same code already there: swapping would change nothing
        }
        long old = slots.getAndSet(slot, SUCCESS_VALUE);
        // Out of the counts only after it has left its slot: see the class comment.
        long delta = weight(SUCCESS_VALUE) - weight(old);
        if (delta != 0) {
            counts.getAndAdd(delta);
        }
        return old == EMPTY;
    }

    private boolean recordAged(int code, long nowNanos) {
        long value = PRESENT | code;
        int slot = (int) (head.getAndIncrement() % size);
        long old = slots.getAndSet(slot, value | (millis(nowNanos) << 3));
        long delta = weight(value) - weight(old);
        if (delta != 0) {
            counts.getAndAdd(delta);
        }
        // Evicting aged outcomes can raise the rates even when a success is added: evaluate then too.
        boolean evicted = evictAged(nowNanos);
        return old == EMPTY || code != Outcome.SUCCESS || evicted;
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        if (maxAgeMillis > 0) {
            evictAged(nowNanos);
        }
        long packed = counts.get();
        // Fields may be off by the calls in flight (even briefly negative); decode them signed, then clamp.
        long total = signed(packed);
        long failures = signed((packed - total) >> FIELD_BITS);
        long slow = signed((packed - total - (failures << FIELD_BITS)) >> (2 * FIELD_BITS));
        return new WindowSnapshot(clamp(total, size), clamp(failures, size), clamp(slow, size), minimum);
    }

    /** Empties the slots whose outcomes have aged out; true if it emptied any. */
    private boolean evictAged(long nowNanos) {
        long cutoff = millis(nowNanos) - maxAgeMillis;
        boolean evicted = false;
        for (;;) {
            long t = tail.get();
            long h = head.get();
            if (t >= h) {
                return evicted;
            }
            if (t < h - size) {
                tail.compareAndSet(t, h - size);
                continue;
            }
            int slot = (int) (t % size);
            long value = slots.get(slot);
            if (value != EMPTY) {
                if ((value >>> 3) >= cutoff) {
                    return evicted;
                }
                // A writer may swap the slot first; then the old code leaves the counter through it.
                if (slots.compareAndSet(slot, value, EMPTY)) {
                    counts.getAndAdd(-weight(value));
                    evicted = true;
                }
            }
            tail.compareAndSet(t, t + 1);
        }
    }

    private long millis(long nowNanos) {
        return Math.max(0, (nowNanos - originNanos) / 1_000_000);
    }

    /** A code's contribution to the packed counter. */
    private static long weight(long value) {
        if (value == EMPTY) {
            return 0;
        }
        return 1 + ((value & Outcome.FAILURE) << FIELD_BITS) + (((value & Outcome.SLOW) >> 1) << (2 * FIELD_BITS));
    }

    private static long signed(long field) {
        long low = field & FIELD_MASK;
        return (low << (64 - FIELD_BITS)) >> (64 - FIELD_BITS);
    }

    private static long clamp(long value, long max) {
        return Math.max(0, Math.min(value, max));
    }
}
