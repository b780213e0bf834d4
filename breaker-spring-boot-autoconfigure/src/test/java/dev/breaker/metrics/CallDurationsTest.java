package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.CallOutcome;
import dev.breaker.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The striped call-duration counters: buckets with inclusive bounds, exact sums, exact under concurrency; calls of
 * 0 ns counted from the breaker's own totals, never ahead of them and never going down.
 */
class CallDurationsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aDurationGoesToTheFirstBucketWhoseBoundItDoesNotExceed() {
        assertThat(CallDurations.BOUNDS_NANOS)
                .containsExactly(10 * MS, 50 * MS, 100 * MS, 500 * MS, S, 5 * S, 10 * S);
        assertThat(CallDurations.bucket(0)).isZero();
        assertThat(CallDurations.bucket(-7)).isZero();
        long[] bounds = CallDurations.BOUNDS_NANOS;
        for (int i = 0; i < bounds.length; i++) {
            assertThat(CallDurations.bucket(bounds[i])).as("at %d ns", bounds[i]).isEqualTo(i);
            assertThat(CallDurations.bucket(bounds[i] + 1)).as("just above %d ns", bounds[i]).isEqualTo(i + 1);
            assertThat(CallDurations.bucket(bounds[i] - 1)).as("just below %d ns", bounds[i]).isEqualTo(i);
        }
        assertThat(CallDurations.bucket(Long.MAX_VALUE)).isEqualTo(CallDurations.BUCKETS - 1);
    }

    @Test
    void countsEveryCallOnceInItsBucketAndSumsTheirDurationsExactly() {
        CallDurations durations = new CallDurations();
        long[] recorded = {0, 1, 10 * MS, 10 * MS + 1, 75 * MS, 100 * MS, 999_999_999, S, 7 * S, 10 * S, 10 * S + 1,
                3_600 * S, -5};
        for (long nanos : recorded) {
            durations.record(nanos);
        }
        long[] counts = new long[CallDurations.BUCKETS];
        long sum = durations.addTo(counts);
        // 0, 1, 10ms, -5 | 10ms+1 | 75ms, 100ms | - | 999999999, 1s | - | 7s, 10s | 10s+1, 1h
        assertThat(counts).containsExactly(4, 1, 2, 0, 2, 0, 2, 2);
        assertThat(durations.count()).isEqualTo(recorded.length);
        // a negative duration (a clock that stepped back) is a call of 0 ns: counted, adds nothing
        assertThat(sum).isEqualTo(1 + 10 * MS + 10 * MS + 1 + 75 * MS + 100 * MS + 999_999_999 + S + 7 * S + 10 * S
                + 10 * S + 1 + 3_600 * S).isEqualTo(durations.sumNanos());
    }

    @Test
    void recordsOnlyTheCallsThatRan() {
        CallDurations durations = new CallDurations();
        RuntimeException error = new RuntimeException();
        durations.onCall(null, CallOutcome.SUCCESS, false, 3 * MS, null);
        durations.onCall(null, CallOutcome.FAILURE, false, 4 * MS, error);
        durations.onCall(null, CallOutcome.IGNORED, false, 5 * MS, error); // ended with an ignored exception
        durations.onCall(null, CallOutcome.IGNORED, false, 6 * MS, null); // a permit released without a call
        durations.onCall(null, CallOutcome.NOT_PERMITTED, false, 0, null); // rejected: ran nothing
        assertThat(durations.count()).isEqualTo(3);
        assertThat(durations.sumNanos()).isEqualTo(12 * MS);
        assertThat(durations.receivesCallOutcomes()).isTrue();
    }

    @Test
    void aSeriesSumsItsBreakersAndReadsCumulativeCounts() {
        CallDurations first = new CallDurations();
        CallDurations second = new CallDurations();
        CallDurationSeries series = new CallDurationSeries();
        series.add(first);
        series.add(second);
        series.add(first); // once only
        first.record(5 * MS);
        first.record(60 * MS);
        second.record(5 * MS);
        second.record(20 * S);
        CallDurationSeries.Snapshot snapshot = series.snapshot();
        assertThat(snapshot.counts()).containsExactly(2, 0, 1, 0, 0, 0, 0, 1);
        assertThat(snapshot.count()).isEqualTo(4).isEqualTo(series.count());
        assertThat(snapshot.sumNanos()).isEqualTo(10 * MS + 60 * MS + 20 * S);
        assertThat(series.sumNanos()).isEqualTo((double) (10 * MS + 60 * MS + 20 * S));
        assertThat(series.cumulativeCount(0)).isEqualTo(2);
        assertThat(series.cumulativeCount(1)).isEqualTo(2);
        assertThat(series.cumulativeCount(2)).isEqualTo(3);
        assertThat(series.cumulativeCount(6)).isEqualTo(3);
    }

    @Test
    void callsRecordedFromSeveralThreadsAtOnceAreAllCountedAndSummedExactly() throws Exception {
        int threads = 4;
        int callsPerThread = 250_000;
        // each thread cycles through durations that land in every bucket, shifted by its index
        long[] pattern = {0, 3 * MS, 10 * MS, 30 * MS, 80 * MS, 400 * MS, 900 * MS, 2 * S, 10 * S, 11 * S};
        CallDurations durations = new CallDurations();
        long[] expectedCounts = new long[CallDurations.BUCKETS];
        long expectedSum = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < callsPerThread; i++) {
                long nanos = pattern[(i + t) % pattern.length] + t;
                expectedCounts[CallDurations.bucket(nanos)]++;
                expectedSum += nanos;
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < callsPerThread; i++) {
                        durations.onCall(null, CallOutcome.SUCCESS, false, pattern[(i + thread) % pattern.length] + thread,
                                null);
                    }
                    return null;
                }));
            }
            // a reader scraping meanwhile only ever sees counts that grow, and never a sum ahead of its count
            Future<?> reader = pool.submit(() -> {
                start.await();
                long previous = 0;
                while (!writers.stream().allMatch(Future::isDone)) {
                    long[] counts = new long[CallDurations.BUCKETS];
                    long sum = durations.addTo(counts);
                    long count = 0;
                    for (long c : counts) {
                        count += c;
                    }
                    assertThat(count).isGreaterThanOrEqualTo(previous);
                    assertThat(sum).isLessThanOrEqualTo(count * (11 * S + threads));
                    previous = count;
                }
                return null;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long[] counts = new long[CallDurations.BUCKETS];
        assertThat(durations.addTo(counts)).isEqualTo(expectedSum);
        assertThat(counts).containsExactly(expectedCounts);
        assertThat(durations.count()).isEqualTo((long) threads * callsPerThread);
    }

    /** A breaker whose calls take exactly as long as they advance its manual clock; IllegalStateException ignored. */
    private static Breaker breakerOn(ManualClock clock) {
        return Breaker.of("durations", BreakerConfig.builder().clock(clock).minimumNumberOfCalls(1_000)
                .slidingWindowSize(1_000).ignoreExceptions(List.of(IllegalStateException.class)).build());
    }

    private static void call(Breaker breaker, ManualClock clock, long nanos, RuntimeException error) {
        try {
            breaker.run(() -> {
                clock.advance(nanos, TimeUnit.NANOSECONDS);
                if (error != null) {
                    throw error;
                }
            });
        } catch (RuntimeException expected) {
            // the failure is the breaker's to record
        }
    }

    @Test
    void callsOfZeroNanosecondsAreCountedFromTheBreakersTotalsAndNotBeforeListening() {
        ManualClock clock = new ManualClock();
        Breaker breaker = breakerOn(clock);
        for (int i = 0; i < 4; i++) {
            call(breaker, clock, 0, null); // before listening: not calls of this histogram
        }
        CallDurations durations = new CallDurations();
        durations.listenTo(breaker);
        durations.listenTo(breaker); // once only
        for (int i = 0; i < 6; i++) {
            call(breaker, clock, 0, null);
        }
        call(breaker, clock, 0, new RuntimeException("failed"));
        call(breaker, clock, 0, new IllegalStateException("ignored")); // ran: counted, though not in the totals
        call(breaker, clock, 3 * MS, null);
        call(breaker, clock, 20 * MS, new RuntimeException("failed slowly"));
        call(breaker, clock, 2 * S, new IllegalStateException("ignored slowly"));
        breaker.releasePermission(); // a permit released without a call: did not run
        long[] counts = new long[CallDurations.BUCKETS];
        assertThat(durations.addTo(counts)).isEqualTo(3 * MS + 20 * MS + 2 * S);
        assertThat(counts).containsExactly(9, 1, 0, 0, 0, 1, 0, 0);
        assertThat(durations.count()).isEqualTo(11);

        // a call of 0 ns heard from the breaker adds nothing by itself: the breaker's totals count it
        durations.onCall(breaker, CallOutcome.SUCCESS, false, 0, null);
        assertThat(durations.count()).isEqualTo(11);
    }

    @Test
    void aReadWhileAListenerRunsNeverCountsTheCallBeforeItIsHeard() {
        ManualClock clock = new ManualClock();
        Breaker breaker = breakerOn(clock);
        CallDurations durations = new CallDurations();
        AtomicReference<Long> readMidCall = new AtomicReference<>();
        // heard before the durations are: reads while the call is neither heard by them nor in the totals
        breaker.addListener(new BreakerListener() {
            @Override
            public boolean receivesCallOutcomes() {
                return true;
            }

            @Override
            public void onCall(Breaker b, CallOutcome outcome, boolean slow, long nanos, Throwable error) {
                readMidCall.set(durations.count());
            }
        });
        durations.listenTo(breaker);
        call(breaker, clock, 20 * MS, null);
        assertThat(readMidCall.get()).isZero();
        // the call once, in its bucket: had the totals counted it before the listeners heard it, the read above
        // would have taken it for a call of 0 ns, and the first bucket would keep it
        long[] counts = new long[CallDurations.BUCKETS];
        durations.addTo(counts);
        assertThat(counts).containsExactly(0, 1, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void whileCallsRunTheCountsNeverGoDownNorGetAheadOfTheCallsAndEndExact() throws Exception {
        ManualClock clock = new ManualClock();
        Breaker breaker = breakerOn(clock);
        CallDurations durations = new CallDurations();
        durations.listenTo(breaker);
        int threads = 3;
        int callsPerThread = 100_000;
        // most calls take 0 ns (counted from the totals), some take long enough for later buckets; a call's
        // measured duration includes whatever other threads advanced the clock by meanwhile
        long[] slowDurations = {MS, 30 * MS, 700 * MS, 6 * S, 20 * S};
        RuntimeException failure = new RuntimeException("failed");
        IllegalStateException ignored = new IllegalStateException("ignored");
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong started = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < callsPerThread; i++) {
                        int dice = random.nextInt(100);
                        long nanos = dice < 10 ? slowDurations[random.nextInt(slowDurations.length)] : 0;
                        started.incrementAndGet();
                        call(breaker, clock, nanos, dice % 7 == 0 ? failure : dice % 11 == 0 ? ignored : null);
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                long[] previous = new long[CallDurations.BUCKETS];
                int reads = 0;
                while (writing.get()) {
                    long[] counts = new long[CallDurations.BUCKETS];
                    durations.addTo(counts);
                    long startedAfter = started.get();
                    long cumulative = 0;
                    long previousCumulative = 0;
                    for (int i = 0; i < CallDurations.BUCKETS; i++) {
                        cumulative += counts[i];
                        previousCumulative += previous[i];
                        assertThat(cumulative).as("calls up to bucket %d, read %d", i, reads)
                                .isGreaterThanOrEqualTo(previousCumulative);
                    }
                    // never a call counted twice: never more calls than had started when the read ended
                    assertThat(cumulative).isLessThanOrEqualTo(startedAfter);
                    previous = counts;
                    reads++;
                }
                return reads;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.successfulCallsTotal() + metrics.failedCallsTotal() + metrics.ignoredCallsTotal())
                .isEqualTo((long) threads * callsPerThread);
        // once the calls have finished, every call is counted once: the 0 ns ones in the first bucket
        assertThat(durations.count()).isEqualTo((long) threads * callsPerThread);
    }
}
