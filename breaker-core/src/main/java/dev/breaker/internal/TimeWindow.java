package dev.breaker.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes of the last {@code seconds} seconds, in one-second buckets, without a lock.
 *
 * <p>A call adds to the bucket of its second, replacing a bucket left from an earlier second (one
 * allocation per bucket per second, none per call). A bucket counts its calls in a striped counter, so
 * threads recording successes at the same time do not contend for one cache line; failures and slow calls,
 * rarer, in plain atomics. A snapshot adds the current bucket to the sum of the completed ones, which is
 * computed once per second and cached, so a check costs the same whatever the window's length.
 */
final class TimeWindow implements Window {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int seconds;
    private final long minimum;
    private final long originNanos;
    private final AtomicReferenceArray<Bucket> buckets;
    private volatile PastSum past = new PastSum(-1, 0, 0, 0);
    /** Whether the last snapshot had fewer calls than the minimum: then any success may cross it. */
    private volatile boolean belowMinimum = true;

    TimeWindow(int seconds, int minimumNumberOfCalls, long originNanos) {
        this(seconds, minimumNumberOfCalls, originNanos, new AtomicReferenceArray<>(seconds));
    }

    private TimeWindow(int seconds, int minimumNumberOfCalls, long originNanos,
            AtomicReferenceArray<Bucket> buckets) {
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
        Bucket bucket = buckets.get(index);
        if (bucket == null || bucket.second < second) {
            Bucket fresh = new Bucket(second);
            bucket = buckets.compareAndSet(index, bucket, fresh) ? fresh : buckets.get(index);
        }
        // A call from a second that just ended may land in its successor's bucket: off by one, never lost.
        bucket.add(code);
        // Seconds leaving the window can raise the rates, so the first call of a new second evaluates too.
        return code != Outcome.SUCCESS || belowMinimum || past.second != second;
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        long second = second(nowNanos);
        PastSum past = pastSum(second);
        Bucket current = bucketOf(second);
        return new WindowSnapshot(total(past, current), failures(past, current), slow(past, current), minimum);
    }

    @Override
    public boolean trips(long nowNanos, float failureRateThreshold, float slowCallRateThreshold) {
        long second = second(nowNanos);
        PastSum past = pastSum(second);
        Bucket current = bucketOf(second);
        return WindowSnapshot.trips(total(past, current), failures(past, current), slow(past, current), minimum,
                failureRateThreshold, slowCallRateThreshold);
    }

    /** The calls in the window: the completed seconds' and the current one's. Notes whether it is below the minimum. */
    private long total(PastSum past, @Nullable Bucket current) {
        long total = past.total + (current != null ? current.total.sum() : 0);
        belowMinimum = total < minimum;
        return total;
    }

    private static long failures(PastSum past, @Nullable Bucket current) {
        return past.failures + (current != null ? current.counts.get(0) : 0);
    }

    private static long slow(PastSum past, @Nullable Bucket current) {
        return past.slow + (current != null ? current.counts.get(1) : 0);
    }

    /** The sum of the completed seconds before {@code second}, computed once per second. */
    private PastSum pastSum(long second) {
        PastSum sum = past;
        if (sum.second != second) {
            sum = sumBefore(second);
            past = sum;
        }
        return sum;
    }

    /** The bucket of {@code second}, or null if none has been made for it yet. */
    private @Nullable Bucket bucketOf(long second) {
        Bucket current = buckets.get((int) (second % seconds));
        return (current != null && current.second == second) ? current : null;
    }

    private PastSum sumBefore(long second) {
        long total = 0;
        long failures = 0;
        long slow = 0;
        for (int i = 0; i < seconds; i++) {
            Bucket bucket = buckets.get(i);
            if (bucket != null && bucket.second < second && bucket.second > second - seconds) {
                total += bucket.total.sum();
                failures += bucket.counts.get(0);
                slow += bucket.counts.get(1);
            }
        }
        return new PastSum(second, total, failures, slow);
    }

    private long second(long nowNanos) {
        return Math.max(0, Math.floorDiv(nowNanos - originNanos, NANOS_PER_SECOND));
    }

    private static final class Bucket {
        final long second;
        /** Calls: every call adds to it, so it is striped. */
        final LongAdder total = new LongAdder();
        /** Failures, slow calls. */
        final AtomicLongArray counts = new AtomicLongArray(2);

        Bucket(long second) {
            this.second = second;
        }

        void add(int code) {
            total.increment();
            if ((code & Outcome.FAILURE) != 0) {
                counts.getAndIncrement(0);
            }
            if ((code & Outcome.SLOW) != 0) {
                counts.getAndIncrement(1);
            }
        }
    }

    /** The sum of the completed seconds in the window as of {@code second}. */
    private record PastSum(long second, long total, long failures, long slow) {
    }
}
