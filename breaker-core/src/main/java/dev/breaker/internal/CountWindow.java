package dev.breaker.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
    private final Ring ring;

    /**
     * @param size calls kept
     * @param minimumNumberOfCalls calls before rates count (capped at {@code size})
     * @param maxAgeMillis age after which outcomes stop counting; 0 = off
     * @param originNanos the clock's time now, when {@code maxAgeMillis} is set
     */
    CountWindow(int size, int minimumNumberOfCalls, long maxAgeMillis, long originNanos) {
        this(minimumNumberOfCalls, maxAgeMillis,
                maxAgeMillis > 0 ? new TimedRing(size, originNanos) : new CodeRing(size, originNanos));
    }

    private CountWindow(int minimumNumberOfCalls, long maxAgeMillis, Ring ring) {
        this.size = ring.size;
        this.minimum = Math.min(minimumNumberOfCalls, size);
        this.maxAgeMillis = maxAgeMillis;
        this.ring = ring;
    }

    @Override
    public Window withLimits(int minimumNumberOfCalls, long maxAgeMillis) {
        return new CountWindow(minimumNumberOfCalls, maxAgeMillis, maxAgeMillis > 0 ? ring.timed() : ring);
    }

    /** Whether this window keeps a time per slot; for tests. */
    boolean keepsTimes() {
        return ring instanceof TimedRing;
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
        Ring ring = this.ring;
        long value = PRESENT | code;
        // In the counts before it claims an index: see the class comment.
        ring.addCounts(weight(value));
        int slot = ring.claim();
        long old = ring.getAndSet(slot, value);
        if (old != EMPTY) {
            ring.addCounts(-weight(old));
        }
        return true;
    }

    /** A success without a max age; true only while the window warms up (a success can only lower the rates). */
    private boolean recordSuccess() {
        Ring ring = this.ring;
        if (ring.counts() == size) {
            return false; // full of successes: one more changes nothing
        }
        int slot = ring.claim();
        if (ring.get(slot) == SUCCESS_VALUE) {
            return false; // the same code already there: swapping would change nothing
        }
        long old = ring.getAndSet(slot, SUCCESS_VALUE);
        // Out of the counts only after it has left its slot: see the class comment.
        long delta = weight(SUCCESS_VALUE) - weight(old);
        if (delta != 0) {
            ring.addCounts(delta);
        }
        return old == EMPTY;
    }

    private boolean recordAged(int code, long nowNanos) {
        Ring ring = this.ring;
        long value = PRESENT | code;
        int slot = ring.claim();
        long old = ring.getAndSet(slot, value | (millis(nowNanos) << 3));
        long delta = weight(value) - weight(old);
        if (delta != 0) {
            ring.addCounts(delta);
        }
        // Evicting aged outcomes can raise the rates even when a success is added: evaluate then too.
        boolean evicted = evictAged(nowNanos);
        return old == EMPTY || code != Outcome.SUCCESS || evicted;
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        long packed = countsNow(nowNanos);
        return new WindowSnapshot(total(packed), failures(packed), slow(packed), minimum);
    }

    @Override
    public boolean trips(long nowNanos, float failureRateThreshold, float slowCallRateThreshold) {
        long packed = countsNow(nowNanos);
        return WindowSnapshot.trips(total(packed), failures(packed), slow(packed), minimum, failureRateThreshold,
                slowCallRateThreshold);
    }

    /** The packed counts now, aged-out outcomes evicted first. */
    private long countsNow(long nowNanos) {
        if (maxAgeMillis > 0) {
            evictAged(nowNanos);
        }
        return ring.counts();
    }

    // Fields may be off by the calls in flight (even briefly negative); decoded signed, then clamped.

    private long total(long packed) {
        return clamp(signed(packed), size);
    }

    private long failures(long packed) {
        return clamp(signed((packed - signed(packed)) >> FIELD_BITS), size);
    }

    private long slow(long packed) {
        long total = signed(packed);
        long failures = signed((packed - total) >> FIELD_BITS);
        return clamp(signed((packed - total - (failures << FIELD_BITS)) >> (2 * FIELD_BITS)), size);
    }

    /** Empties the slots whose outcomes have aged out; true if it emptied any. */
    private boolean evictAged(long nowNanos) {
        Ring ring = this.ring;
        long cutoff = millis(nowNanos) - maxAgeMillis;
        boolean evicted = false;
        for (;;) {
            long t = ring.tail();
            long h = ring.head();
            if (t >= h) {
                return evicted;
            }
            if (t < h - size) {
                ring.casTail(t, h - size);
                continue;
            }
            int slot = (int) (t % size);
            long value = ring.get(slot);
            if (value != EMPTY) {
                if ((value >>> 3) >= cutoff) {
                    return evicted;
                }
                // A writer may swap the slot first; then the old code leaves the counter through it.
                if (ring.compareAndSet(slot, value, EMPTY)) {
                    ring.addCounts(-weight(value));
                    evicted = true;
                }
            }
            ring.casTail(t, t + 1);
        }
    }

    private long millis(long nowNanos) {
        return Math.max(0, (nowNanos - ring.originNanos) / 1_000_000);
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

    /**
     * The storage every window made from one another by {@link #withLimits} shares: the slots, the index of the
     * next slot to claim ({@code head}), the oldest slot not yet checked for age ({@code tail}), and the packed
     * counts. A slot's value is {@code PRESENT | code}, with the time it was written above them in a
     * {@link TimedRing}.
     */
    abstract static sealed class Ring permits CodeRing, TimedRing {

        private static final VarHandle HEAD;
        private static final VarHandle TAIL;
        private static final VarHandle COUNTS;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                HEAD = lookup.findVarHandle(Ring.class, "head", long.class);
                TAIL = lookup.findVarHandle(Ring.class, "tail", long.class);
                COUNTS = lookup.findVarHandle(Ring.class, "counts", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final int size;
        final long originNanos;
        private volatile long head;
        private volatile long tail;
        private volatile long counts;

        Ring(int size, long originNanos) {
            this.size = size;
            this.originNanos = originNanos;
        }

        /** Claims the next slot. */
        final int claim() {
            return (int) ((long) HEAD.getAndAdd(this, 1L) % size);
        }

        final long head() {
            return head;
        }

        final long tail() {
            return tail;
        }

        final void casTail(long expected, long next) {
            TAIL.compareAndSet(this, expected, next);
        }

        final long counts() {
            return counts;
        }

        final void addCounts(long delta) {
            COUNTS.getAndAdd(this, delta);
        }

        abstract long get(int slot);

        abstract long getAndSet(int slot, long value);

        abstract boolean compareAndSet(int slot, long expected, long value);

        /** A ring that keeps times: this one, or a copy of its outcomes and indexes as they are now. */
        abstract TimedRing timed();

        /**
         * Gives {@code copy}, whose slots hold copies of this ring's, this ring's indexes, and the counts of its own
         * slots: whatever writers did to this ring meanwhile, the copy's counts match its contents.
         */
        final void copyIndexesInto(Ring copy) {
            long packed = 0;
            for (int slot = 0; slot < size; slot++) {
                packed += weight(copy.get(slot));
            }
            // The tail first: it never passes the head, so the copy's cannot either.
            copy.tail = tail;
            copy.head = head;
            copy.counts = packed;
        }
    }

    /** Slots of one byte: a code and no time, for a window without a max age. */
    static final class CodeRing extends Ring {

        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(byte[].class);

        private final byte[] slots;

        CodeRing(int size, long originNanos) {
            super(size, originNanos);
            this.slots = new byte[size];
        }

        @Override
        long get(int slot) {
            return (byte) SLOTS.getVolatile(slots, slot);
        }

        @Override
        long getAndSet(int slot, long value) {
            return (byte) SLOTS.getAndSet(slots, slot, (byte) value);
        }

        @Override
        boolean compareAndSet(int slot, long expected, long value) {
            return SLOTS.compareAndSet(slots, slot, (byte) expected, (byte) value);
        }

        /** Outcomes written without a time count as written when the window began: time 0. */
        @Override
        TimedRing timed() {
            TimedRing copy = new TimedRing(size, originNanos);
            for (int slot = 0; slot < size; slot++) {
                copy.slots[slot] = get(slot);
            }
            copyIndexesInto(copy);
            return copy;
        }
    }

    /** Slots of a long: the code, and the time it was written in milliseconds since the window began. */
    static final class TimedRing extends Ring {

        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

        private final long[] slots;

        TimedRing(int size, long originNanos) {
            super(size, originNanos);
            this.slots = new long[size];
        }

        @Override
        long get(int slot) {
            return (long) SLOTS.getVolatile(slots, slot);
        }

        @Override
        long getAndSet(int slot, long value) {
            return (long) SLOTS.getAndSet(slots, slot, value);
        }

        @Override
        boolean compareAndSet(int slot, long expected, long value) {
            return SLOTS.compareAndSet(slots, slot, expected, value);
        }

        @Override
        TimedRing timed() {
            return this;
        }
    }
}
