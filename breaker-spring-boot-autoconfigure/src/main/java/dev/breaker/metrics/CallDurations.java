package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.CallOutcome;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The durations of one breaker's calls, behind {@code circuit.breaker.call.duration}: a count per bucket and
 * the exact sum in nanoseconds. A call that took a measurable time costs one or two adds to {@link LongAdder}s
 * that each thread soon has a cell of its own in: no clock read, no lock, no shared cache line.
 *
 * <p>A call the breaker timed at 0 ns costs nothing here. That is the usual call when the slow-call threshold
 * is 100 ms or more: the breaker then times calls with {@link dev.breaker.BreakerClock#recentNanoTime()}, which
 * moves once a millisecond, so a call shorter than that mostly reads 0 (and, now and then, 1 ms: on average its
 * true duration). Such a call is in the breaker's own totals of successful and failed calls, and the first
 * bucket's count is worked out from them when a registry reads it: the calls in the totals less those heard
 * here. The breaker adds a call to its totals only after its listeners have heard it, so what this reads is
 * never ahead of the truth; a read that overlaps calls in flight may be behind, and the first bucket is never
 * shown lower than it was, so the counts Prometheus sees never go down.
 *
 * <p>Why not a Micrometer {@code Timer}, as before: one {@code record} on a registry's timer with these
 * seven buckets measured 60 to 75 ns on one thread and 140 to 280 ns on two, in the Simple and the
 * Prometheus registry alike (it reads the wall clock twice and increments a bucket counter all threads
 * share), against 5 and 10 ns here; at two threads it was two thirds of an annotated call. Micrometer
 * cannot add more than one call to a timer at once, so a timer cannot be fed from these counts cheaply
 * either, even off the calling thread: the meters read them when they are published instead
 * ({@link CallDurationMeters}).
 */
final class CallDurations implements BreakerListener {

    /** Inclusive upper bounds of the buckets (Prometheus's {@code le}): 10, 50, 100, 500 ms, 1, 5, 10 s. */
    static final long[] BOUNDS_NANOS = {TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(10)};

    /** The buckets: one per bound, and a last one for the calls above the last bound. */
    static final int BUCKETS = BOUNDS_NANOS.length + 1;

    /** The calls heard, by bucket; calls of 0 ns from {@link #source} are not among them. */
    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder sumNanos = new LongAdder();
    /** The ignored calls among those heard (the breaker's totals count only successes and failures). */
    private final LongAdder ignoredHeard = new LongAdder();
    private final AtomicBoolean listening = new AtomicBoolean();
    /** The breaker listened to, whose totals count the calls of 0 ns; null until {@link #listenTo}. */
    private volatile @Nullable Breaker source;
    /** The successes and failures in its totals before listening began: not calls of this histogram. */
    private long totalsBefore;
    /** The first bucket's count as last read: never shown lower (see the class comment). */
    private final AtomicLong firstBucketShown = new AtomicLong();

    CallDurations() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** The bucket of a duration: the first whose bound it does not exceed; a negative one counts as 0. */
    static int bucket(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    /** Starts hearing {@code breaker}'s calls; once only, however often it is called. */
    void listenTo(Breaker breaker) {
        if (listening.compareAndSet(false, true)) {
            // Before the listener is added: a call counted in the totals meanwhile, unheard, counts as one of 0 ns.
            totalsBefore = successesAndFailures(breaker.metrics());
            source = breaker;
            breaker.addListener(this);
        }
    }

    @Override
    public boolean receivesCallOutcomes() {
        return true;
    }

    /**
     * Hears a call that ran (rejected calls and bare releases did not): each one that took a measurable time, or
     * ended ignored, into its bucket; one of 0 ns is left to the totals of the breaker listened to.
     */
    @Override
    public void onCall(Breaker breaker, CallOutcome outcome, boolean slow, long durationNanos,
            @Nullable Throwable error) {
        if (outcome == CallOutcome.SUCCESS || outcome == CallOutcome.FAILURE) {
            // Not yet listening (heard directly), there are no totals to count it from.
            if (durationNanos > 0 || source == null) {
                record(durationNanos);
            }
        } else if (outcome == CallOutcome.IGNORED && error != null) {
            record(durationNanos);
            ignoredHeard.increment(); // after its bucket: see addTo
        }
    }

    void record(long nanos) {
        buckets[bucket(nanos)].increment();
        if (nanos > 0) {
            sumNanos.add(nanos);
        }
    }

    /**
     * Adds this breaker's count per bucket (not cumulative) to {@code counts} and returns its sum. The sum is read
     * first, then the breaker's totals, the ignored calls heard and the buckets, each before what it must not be
     * ahead of: every duration in the sum belongs to a call already in the buckets, every ignored call heard is in
     * the buckets, and every call in the totals has been heard, so the calls of 0 ns worked out are never too many.
     */
    long addTo(long[] counts) {
        long sum = sumNanos.sum();
        Breaker breaker = source;
        long ran = (breaker != null) ? successesAndFailures(breaker.metrics()) - totalsBefore : 0;
        long ignored = ignoredHeard.sum();
        long heard = -ignored;
        long first = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long count = buckets[i].sum();
            heard += count;
            if (i == 0) {
                first = count;
            } else {
                counts[i] += count;
            }
        }
        long unheard = Math.max(0, ran - heard);
        counts[0] += firstBucketShown.accumulateAndGet(first + unheard, Math::max);
        return sum;
    }

    /** The successes and failures in a breaker's totals: the calls that ran, but for those ignored. */
    private static long successesAndFailures(BreakerMetrics metrics) {
        return metrics.successfulCallsTotal() + metrics.failedCallsTotal();
    }

    long count() {
        long[] counts = new long[BUCKETS];
        addTo(counts);
        long count = 0;
        for (long c : counts) {
            count += c;
        }
        return count;
    }

    long sumNanos() {
        return sumNanos.sum();
    }

    @Override
    public String toString() {
        return "circuit.breaker.call.duration";
    }
}
