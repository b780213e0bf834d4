package dev.breaker.metrics;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls behind one published duration series: one breaker's, or several breakers' when a meter filter
 * gives them the same meter id (for instance one that ignores the {@code name} tag), as they would have
 * shared one timer. Read when the series is published, never on a call.
 */
final class CallDurationSeries {

    private final CopyOnWriteArrayList<CallDurations> sources = new CopyOnWriteArrayList<>();

    void add(CallDurations durations) {
        sources.addIfAbsent(durations);
    }

    /** The counts per bucket (not cumulative) and the sum, read together. */
    Snapshot snapshot() {
        long[] counts = new long[CallDurations.BUCKETS];
        long sum = 0;
        for (CallDurations source : sources) {
            sum += source.addTo(counts);
        }
        return new Snapshot(counts, sum);
    }

    long count() {
        return snapshot().count();
    }

    double sumNanos() {
        return snapshot().sumNanos();
    }

    /** The calls that took at most {@code CallDurations.BOUNDS_NANOS[bound]}. */
    long cumulativeCount(int bound) {
        long[] counts = snapshot().counts();
        long cumulative = 0;
        for (int i = 0; i <= bound; i++) {
            cumulative += counts[i];
        }
        return cumulative;
    }

    /**
     * @param counts calls per bucket, not cumulative, {@link CallDurations#BUCKETS} of them
     * @param sumNanos their total duration
     */
    record Snapshot(long[] counts, long sumNanos) {

        long count() {
            long count = 0;
            for (long c : counts) {
                count += c;
            }
            return count;
        }
    }
}
