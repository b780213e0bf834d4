package dev.breaker;

import java.time.Duration;

/**
 * The settings of a semaphore {@link Bulkhead}: immutable, made by a {@link Builder} that checks each value
 * and names the setting ({@code max-concurrent-calls}, {@code max-wait-duration}) when one is wrong.
 */
public final class BulkheadConfig {

    /** Most concurrent calls a bulkhead accepts as a limit. */
    public static final int MAX_CONCURRENT_CALLS = 1_000_000;

    private final int maxConcurrentCalls;
    private final Duration maxWaitDuration;

    private BulkheadConfig(Builder b) {
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.maxWaitDuration = b.maxWaitDuration;
    }

    /** A builder for a bulkhead of {@code maxConcurrentCalls} slots that does not wait for a slot. */
    public static Builder builder(int maxConcurrentCalls) {
        return new Builder().maxConcurrentCalls(maxConcurrentCalls);
    }

    /** {@code max-concurrent-calls}: calls let through at the same time. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** {@code max-wait-duration}: how long a call waits for a free slot before it is rejected; zero fails fast. */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }

    @Override
    public String toString() {
        return "BulkheadConfig[max-concurrent-calls=" + maxConcurrentCalls + ", max-wait-duration=" + maxWaitDuration
                + "]";
    }

    /** Builds a {@link BulkheadConfig}; each method checks its value at once. */
    public static final class Builder {

        private int maxConcurrentCalls = 1;
        private Duration maxWaitDuration = Duration.ZERO;

        private Builder() {
        }

        public Builder maxConcurrentCalls(int calls) {
            this.maxConcurrentCalls = Checks.between("max-concurrent-calls", calls, 1, MAX_CONCURRENT_CALLS,
                    "between 1 and " + MAX_CONCURRENT_CALLS);
            return this;
        }

        /** How long a call waits for a slot; zero (the default) rejects at once when the bulkhead is full. */
        public Builder maxWaitDuration(Duration wait) {
            this.maxWaitDuration = Checks.zeroOrPositive("max-wait-duration", wait, "fail fast");
            return this;
        }

        public BulkheadConfig build() {
            return new BulkheadConfig(this);
        }
    }
}
