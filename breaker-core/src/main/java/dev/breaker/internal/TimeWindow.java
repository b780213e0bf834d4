package dev.breaker.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes of the last {@code seconds} seconds, in one-second buckets, without a lock.
 *
 * <p>A call adds to the bucket of its second, replacing a bucket left from an earlier second (one
 * allocation per bucket per second, none per call). A bucket counts its calls in one field until two threads
 * collide on it, and from then on in a striped counter it creates then, so threads recording successes at the
 * same time do not contend for one cache line, while a bucket only ever written by one thread at a time costs
 * no more than its fields; failures and slow calls, rarer, in plain fields. A snapshot adds the current bucket
 * to the sum of the completed ones, which is computed once per second and cached, so a check costs the same
 * whatever the window's length.
 */
final class TimeWindow implements Window {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Bucket[].class);
    /** Before the first snapshot: the sum of no second (shared, as it is immutable). */
    private static final PastSum NO_PAST = new PastSum(-1, 0, 0, 0);

    private final int seconds;
    private final long minimum;
    private final long originNanos;
    private final @Nullable Bucket[] buckets;
    private volatile PastSum past = NO_PAST;
    /** Whether the last snapshot had fewer calls than the minimum: then any success may cross it. */
    private volatile boolean belowMinimum = true;

    TimeWindow(int seconds, int minimumNumberOfCalls, long originNanos) {
        this(seconds, minimumNumberOfCalls, originNanos, new Bucket[seconds]);
    }

    private TimeWindow(int seconds, int minimumNumberOfCalls, long originNanos, @Nullable Bucket[] buckets) {
        this.seconds = seconds;
        this.minimum = minimumNumberOfCalls;
        this.originNanos = originNanos;
        this.buckets = buckets;
    }

    /** The same buckets with another minimum; a time-based window has no max age. */
    @Override
    public Window withLimits(int minimumNumberOfCalls, long maxAgeMillis) {
        return new TimeWindow(seconds, minimumNumberOfCalls, originNanos, buckets);
    }

    @Override
    public boolean timed() {
        return true;
    }

    @Override
    public boolean record(int code, long nowNanos) {
        long second = second(nowNanos);
        int index = (int) (second % seconds);
        Bucket bucket = bucket(index);
        if (bucket == null || bucket.second < second) {
            Bucket fresh = new Bucket(second);
            bucket = BUCKETS.compareAndSet(buckets, index, bucket, fresh) ? fresh : bucket(index);
        }
        // A call from a second that just ended may land in its successor's bucket: off by one, never lost.
        bucket.add(code);
        // Seconds leaving the window can raise the rates, so the first call of a new second evaluates too.
        return code != Outcome.SUCCESS || belowMinimum || past.second != second;
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        long second = second(nowNanos);
        PastSum sum = past;
        if (sum.second != second) {
            sum = sumBefore(second);
            past = sum;
        }
        long total = sum.total;
        long failures = sum.failures;
        long slow = sum.slow;
        Bucket current = bucket((int) (second % seconds));
        if (current != null && current.second == second) {
            total += current.total();
            failures += current.failures;
            slow += current.slow;
        }
        belowMinimum = total < minimum;
        return new WindowSnapshot(total, failures, slow, minimum);
    }

    private PastSum sumBefore(long second) {
        long total = 0;
        long failures = 0;
        long slow = 0;
        for (int i = 0; i < seconds; i++) {
            Bucket bucket = bucket(i);
            if (bucket != null && bucket.second < second && bucket.second > second - seconds) {
                total += bucket.total();
                failures += bucket.failures;
                slow += bucket.slow;
            }
        }
        return new PastSum(second, total, failures, slow);
    }

    /** The bucket at {@code index}, for tests too. */
    @Nullable Bucket bucket(int index) {
        return (Bucket) BUCKETS.getVolatile(buckets, index);
    }

    private long second(long nowNanos) {
        return Math.max(0, Math.floorDiv(nowNanos - originNanos, NANOS_PER_SECOND));
    }

    /** The outcomes of one second. */
    static final class Bucket {

        private static final VarHandle UNSTRIPED;
        private static final VarHandle STRIPED;
        private static final VarHandle FAILURES;
        private static final VarHandle SLOW;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                UNSTRIPED = lookup.findVarHandle(Bucket.class, "unstriped", long.class);
                STRIPED = lookup.findVarHandle(Bucket.class, "striped", LongAdder.class);
                FAILURES = lookup.findVarHandle(Bucket.class, "failures", long.class);
                SLOW = lookup.findVarHandle(Bucket.class, "slow", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long second;
        /** Calls counted before two threads collided on this field. */
        private volatile long unstriped;
        /**
         * Calls counted since two threads collided on {@link #unstriped}, or null while none have: every call
         * adds to the total, so once calls record at the same time it is striped.
         */
        private volatile @Nullable LongAdder striped;
        /** Failed calls. */
        volatile long failures;
        /** Slow calls. */
        volatile long slow;

        Bucket(long second) {
            this.second = second;
        }

        void add(int code) {
            LongAdder adder = striped;
            if (adder != null) {
                adder.increment();
            } else {
                long calls = unstriped;
                if (!UNSTRIPED.compareAndSet(this, calls, calls + 1)) {
                    contended();
                }
            }
            if ((code & Outcome.FAILURE) != 0) {
                FAILURES.getAndAdd(this, 1L);
            }
            if ((code & Outcome.SLOW) != 0) {
                SLOW.getAndAdd(this, 1L);
            }
        }

        /**
         * Another thread changed the total as this one did: counts this call, and every later one, striped.
         * Package-private for tests, which cannot make threads collide at will.
         */
        void contended() {
            LongAdder adder = new LongAdder();
            if (!STRIPED.compareAndSet(this, null, adder)) {
                adder = striped;
            }
            adder.increment();
        }

        /** Whether calls have collided on this bucket's total. */
        boolean striped() {
            return striped != null;
        }

        long total() {
            LongAdder adder = striped;
            return unstriped + (adder != null ? adder.sum() : 0);
        }
    }

    /** The sum of the completed seconds in the window as of {@code second}. */
    private record PastSum(long second, long total, long failures, long slow) {
    }
}
