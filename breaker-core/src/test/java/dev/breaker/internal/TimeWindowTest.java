package dev.breaker.internal;

import static dev.breaker.internal.Outcome.FAILURE;
import static dev.breaker.internal.Outcome.SLOW;
import static dev.breaker.internal.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The time-based window: one-second buckets, rollover, the cached sum of past seconds, the minimum. */
class TimeWindowTest {

    private static final int FAILED_SLOW = FAILURE | SLOW;
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static WindowSnapshot counts(long total, long failures, long slow, long minimum) {
        return new WindowSnapshot(total, failures, slow, minimum);
    }

    private static long at(long seconds, long millis) {
        return seconds * SECOND + millis * MS;
    }

    @Test
    void countsTheOutcomesOfEverySecondInTheWindow() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        assertThat(window.timed()).isTrue();
        assertThat(window.snapshot(0)).isEqualTo(counts(0, 0, 0, 1));

        window.record(SUCCESS, at(0, 100));
        window.record(FAILURE, at(0, 500));
        assertThat(window.snapshot(at(0, 900))).isEqualTo(counts(2, 1, 0, 1));
        window.record(SLOW, at(1, 200));
        assertThat(window.snapshot(at(1, 300))).isEqualTo(counts(3, 1, 1, 1));
        window.record(FAILED_SLOW, at(2, 900));
        assertThat(window.snapshot(at(2, 900))).isEqualTo(counts(4, 2, 2, 1));
    }

    @Test
    void forgetsTheSecondsThatLeftTheWindow() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        int[][] perSecond = {
            {FAILURE},                                   // second 0: 1 call, 1 failure
            {SLOW, SUCCESS},                             // second 1: 2 calls, 1 slow
            {FAILURE, FAILURE, SUCCESS},                 // second 2: 3 calls, 2 failures
            {FAILED_SLOW, SUCCESS, SUCCESS, SUCCESS},    // second 3: 4 calls, 1 failure, 1 slow
            {SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS} // second 4: 5 calls
        };
        WindowSnapshot[] expected = {
            counts(1, 1, 0, 1),  // seconds 0
            counts(3, 1, 1, 1),  // seconds 0-1
            counts(6, 3, 1, 1),  // seconds 0-2
            counts(9, 3, 2, 1),  // seconds 1-3
            counts(12, 3, 1, 1), // seconds 2-4
        };
        for (int second = 0; second < perSecond.length; second++) {
            for (int code : perSecond[second]) {
                window.record(code, at(second, 10));
            }
            assertThat(window.snapshot(at(second, 999))).as("at second %d", second).isEqualTo(expected[second]);
        }

        assertThat(window.snapshot(at(5, 0))).isEqualTo(counts(9, 1, 1, 1)); // seconds 3-4
        assertThat(window.snapshot(at(6, 0))).isEqualTo(counts(5, 0, 0, 1)); // second 4
        assertThat(window.snapshot(at(7, 0))).isEqualTo(counts(0, 0, 0, 1));
    }

    @Test
    void aSecondLeavesTheWindowExactlyWhenItsLengthHasPassed() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        window.record(FAILURE, SECOND - 1); // the last nanosecond of second 0

        assertThat(window.snapshot(3 * SECOND - 1)).isEqualTo(counts(1, 1, 0, 1));
        assertThat(window.snapshot(3 * SECOND)).isEqualTo(counts(0, 0, 0, 1));
    }

    @Test
    void secondsAreCountedFromTheOriginOfTheClock() {
        long origin = -5 * SECOND + 500 * MS; // System.nanoTime may be negative
        TimeWindow window = new TimeWindow(2, 1, origin);
        window.record(FAILURE, origin + 900 * MS); // second 0 of the window
        window.record(SUCCESS, origin + 1_100 * MS); // second 1

        assertThat(window.snapshot(origin + 1_999 * MS)).isEqualTo(counts(2, 1, 0, 1));
        assertThat(window.snapshot(origin + 2_000 * MS)).isEqualTo(counts(1, 0, 0, 1));
        assertThat(window.snapshot(origin + 3_000 * MS)).isEqualTo(counts(0, 0, 0, 1));
    }

    @Test
    void anIdleGapLongerThanTheWindowEmptiesIt() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        window.record(FAILURE, at(0, 0));
        window.record(FAILED_SLOW, at(1, 0));
        window.record(SLOW, at(2, 0));
        assertThat(window.snapshot(at(2, 0))).isEqualTo(counts(3, 2, 2, 1));

        assertThat(window.snapshot(at(10, 0))).isEqualTo(counts(0, 0, 0, 1));

        // Second 10 uses the bucket of second 1 (10 % 3): its old counts must not come back.
        window.record(SUCCESS, at(10, 0));
        assertThat(window.snapshot(at(10, 0))).isEqualTo(counts(1, 0, 0, 1));
        window.record(FAILURE, at(11, 0)); // bucket of second 2
        assertThat(window.snapshot(at(11, 0))).isEqualTo(counts(2, 1, 0, 1));
    }

    @Test
    void aBucketLeftFromTheLastLapStartsAgainFromZero() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        window.record(FAILURE, at(1, 0));
        window.record(FAILURE, at(1, 0));
        window.record(SUCCESS, at(4, 0)); // same bucket as second 1, one lap later
        assertThat(window.snapshot(at(4, 0))).isEqualTo(counts(1, 0, 0, 1));
    }

    @Test
    void theSumOfPastSecondsIsRecomputedWhenTheSecondChanges() {
        TimeWindow window = new TimeWindow(5, 1, 0);
        window.record(FAILURE, at(0, 100));
        window.record(FAILURE, at(0, 200));

        // The first snapshot of second 1 sums the seconds before it...
        assertThat(window.snapshot(at(1, 0))).isEqualTo(counts(2, 2, 0, 1));
        // ...and later snapshots in the same second still add what the current second records.
        window.record(SUCCESS, at(1, 100));
        window.record(SUCCESS, at(1, 200));
        window.record(SUCCESS, at(1, 300));
        assertThat(window.snapshot(at(1, 500))).isEqualTo(counts(5, 2, 0, 1));
        window.record(SLOW, at(1, 700));
        assertThat(window.snapshot(at(1, 900))).isEqualTo(counts(6, 2, 1, 1));

        // In second 2, second 1 is a past second: its calls, recorded after the last sum, are all in.
        assertThat(window.snapshot(at(2, 0))).isEqualTo(counts(6, 2, 1, 1));
        window.record(FAILURE, at(2, 100));
        assertThat(window.snapshot(at(2, 200))).isEqualTo(counts(7, 3, 1, 1));

        assertThat(window.snapshot(at(5, 0))).isEqualTo(counts(5, 1, 1, 1)); // seconds 1-5
        assertThat(window.snapshot(at(6, 0))).isEqualTo(counts(1, 1, 0, 1)); // seconds 2-6
    }

    @Test
    void theMinimumIsNotCappedAndDecidesWhenRatesCount() {
        TimeWindow window = new TimeWindow(3, 500, 0);
        for (int i = 0; i < 499; i++) {
            window.record(FAILURE, at(0, 0));
        }
        WindowSnapshot below = window.snapshot(at(0, 0));
        assertThat(below.minimum()).isEqualTo(500);
        assertThat(below.rated()).isFalse();
        assertThat(below.tripReason(50, 100)).isNull();

        window.record(FAILURE, at(0, 0));
        WindowSnapshot reached = window.snapshot(at(0, 0));
        assertThat(reached.rated()).isTrue();
        assertThat(reached.tripReason(50, 100)).isEqualTo("failure rate 100% >= 50%");
    }

    @Test
    void asksForEvaluationOfSuccessesOnlyWhileBelowTheMinimum() {
        TimeWindow window = new TimeWindow(3, 3, 0);
        // Recorded as ClosedState does: a snapshot follows each record that asks for one.
        assertThat(recordAndEvaluate(window, SUCCESS, at(0, 0))).isTrue();
        assertThat(recordAndEvaluate(window, SUCCESS, at(0, 0))).isTrue();
        assertThat(recordAndEvaluate(window, SUCCESS, at(0, 0))).isTrue(); // reaches the minimum
        assertThat(recordAndEvaluate(window, SUCCESS, at(0, 0))).isFalse();
        assertThat(window.snapshot(at(0, 0))).isEqualTo(counts(4, 0, 0, 3));
    }

    @Test
    void alwaysAsksForEvaluationOfFailuresAndSlowCalls() {
        TimeWindow window = new TimeWindow(3, 1, 0);
        window.record(SUCCESS, at(0, 0));
        window.snapshot(at(0, 0)); // above the minimum from now on

        assertThat(window.record(SUCCESS, at(0, 0))).isFalse();
        assertThat(window.record(FAILURE, at(0, 0))).isTrue();
        assertThat(window.record(SLOW, at(0, 0))).isTrue();
        assertThat(window.record(FAILED_SLOW, at(0, 0))).isTrue();
    }

    @Test
    void asksAgainForSuccessesOnceASnapshotShowsTheWindowDrainedBelowTheMinimum() {
        TimeWindow window = new TimeWindow(3, 2, 0);
        recordAndEvaluate(window, SUCCESS, at(0, 0));
        recordAndEvaluate(window, SUCCESS, at(0, 0));
        assertThat(window.record(SUCCESS, at(0, 0))).isFalse();

        assertThat(window.snapshot(at(5, 0)).total()).isZero();

        assertThat(window.record(SUCCESS, at(5, 0))).isTrue();
    }

    /**
     * Bug: when seconds full of successes leave the window, the failure rate of what is left can be
     * over the threshold, but a success still answers "no need to evaluate" unless the last snapshot
     * was below the minimum. ClosedState trusts that answer, so a breaker stays CLOSED while its own
     * metrics show e.g. a 90.9% failure rate against a 50% threshold. Enable once {@code record} asks
     * for an evaluation after the second changed.
     */
    @Test
    void aSuccessAfterSuccessesRolledOutAsksForEvaluationWhenTheRestTrips() {
        TimeWindow window = new TimeWindow(3, 5, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(tripReasonAsClosedStateSees(window, SUCCESS, at(0, 0))).isNull();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(tripReasonAsClosedStateSees(window, FAILURE, at(1, 0))).isNull(); // at most 10 of 30
        }

        // Second 3: second 0 and its 20 successes have left; 10 failures and this success remain.
        boolean evaluate = window.record(SUCCESS, at(3, 0));
        WindowSnapshot after = window.snapshot(at(3, 0));
        assertThat(after.tripReason(50, 100)).isEqualTo("failure rate 90.9% >= 50%");
        assertThat(evaluate).as("record must ask for the evaluation that would trip the breaker").isTrue();
    }

    private static boolean recordAndEvaluate(TimeWindow window, int code, long now) {
        boolean evaluate = window.record(code, now);
        if (evaluate) {
            window.snapshot(now);
        }
        return evaluate;
    }

    private static String tripReasonAsClosedStateSees(TimeWindow window, int code, long now) {
        return window.record(code, now) ? window.snapshot(now).tripReason(50, 100) : null;
    }

    @Test
    void concurrentWritersInOneSecondAreAllCounted() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        TimeWindow window = new TimeWindow(10, 1, 0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!start.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not started");
                    }
                    for (int i = 0; i < perThread; i++) {
                        window.record(i % 4, at(7, 500)); // S, F, SLOW, F+SLOW in turn
                    }
                    return null;
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        long total = (long) threads * perThread;
        assertThat(window.snapshot(at(7, 900))).isEqualTo(counts(total, total / 2, total / 2, 1));
        assertThat(window.snapshot(at(16, 900))).isEqualTo(counts(total, total / 2, total / 2, 1));
        assertThat(window.snapshot(at(17, 0))).isEqualTo(counts(0, 0, 0, 1));
    }
}
