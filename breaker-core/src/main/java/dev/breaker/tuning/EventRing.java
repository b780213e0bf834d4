package dev.breaker.tuning;

import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events of a {@link Recording}, the newest {@code capacity} of them, in primitive arrays (20 bytes an event):
 * adding one allocates nothing and takes no lock.
 *
 * <p>A writer claims the next index, marks its slot busy, writes the slot and stamps it with its index. A reader
 * takes a slot only if it bears the stamp of the index it expects both before and after reading it, so it never
 * shows an event half-written or overwritten meanwhile: such events (in flight as the ring is read) are left out.
 */
final class EventRing {

    /** Kinds 0 to 3 are the {@link CallOutcome}s; state events follow. */
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();
    private static final BreakerState[] STATES = BreakerState.values();
    private static final int STATE_KINDS = OUTCOMES.length;
    private static final int KIND_BITS = 4;
    private static final int BUSY = 0;

    private final int capacity;
    private final long[] times;
    /** The kind in the low {@value #KIND_BITS} bits, the call's duration in nanoseconds above them. */
    private final long[] codes;
    private final AtomicIntegerArray stamps;
    private final AtomicLong head = new AtomicLong();

    EventRing(int capacity) {
        this.capacity = capacity;
        this.times = new long[capacity];
        this.codes = new long[capacity];
        this.stamps = new AtomicIntegerArray(capacity);
    }

    /** Adds a call that ended with {@code outcome} at the tick {@code time} after running {@code durationNanos}. */
    void call(CallOutcome outcome, long time, long durationNanos) {
        add(outcome.ordinal(), time, Math.max(0, Math.min(durationNanos, Long.MAX_VALUE >>> KIND_BITS)));
    }

    /** Adds the live breaker moving to {@code state} at the tick {@code time}. */
    void state(BreakerState state, long time) {
        add(STATE_KINDS + state.ordinal(), time, 0);
    }

    private void add(int kind, long time, long durationNanos) {
        long index = head.getAndIncrement();
        int slot = (int) (index % capacity);
        stamps.set(slot, BUSY);
        VarHandle.storeStoreFence(); // the mark before the data: a reader must not take new data for the old stamp
        times[slot] = time;
        codes[slot] = durationNanos << KIND_BITS | kind;
        stamps.setRelease(slot, stamp(index));
    }

    /** Odd, so never {@link #BUSY}; the low 31 bits of the index tell a lap from the next. */
    private static int stamp(long index) {
        return (int) (index << 1) | 1;
    }

    int size() {
        return (int) Math.min(head.get(), capacity);
    }

    long dropped() {
        return Math.max(0, head.get() - capacity);
    }

    /** Hands each event kept to {@code visitor}, oldest first; an event being written as it is read is left out. */
    void forEach(Visitor visitor) {
        long end = head.get();
        for (long index = Math.max(0, end - capacity); index < end; index++) {
            int slot = (int) (index % capacity);
            int expected = stamp(index);
            if (stamps.getAcquire(slot) != expected) {
                continue;
            }
            long time = times[slot];
            long code = codes[slot];
            VarHandle.loadLoadFence();
            if (stamps.get(slot) != expected) {
                continue;
            }
            int kind = (int) (code & ((1 << KIND_BITS) - 1));
            if (kind < STATE_KINDS) {
                visitor.call(OUTCOMES[kind], time, code >>> KIND_BITS);
            } else {
                visitor.state(STATES[kind - STATE_KINDS], time);
            }
        }
    }

    /** Receives the events of {@link #forEach}. */
    interface Visitor {

        void call(CallOutcome outcome, long time, long durationNanos);

        void state(BreakerState state, long time);
    }
}
