package dev.breaker;

import dev.breaker.internal.LayerThreads;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The settings of a {@link Timeout}: how long a call may take ({@code timeout}), the threads that run
 * synchronous calls so their callers can be released at the deadline, and the scheduler that notices
 * deadlines. Immutable, made by a {@link Builder} that checks each value.
 */
public final class TimeoutConfig {

    private final Duration timeout;
    private final Executor executor;
    private final BreakerScheduler scheduler;

    private TimeoutConfig(Builder b) {
        this.timeout = b.timeout;
        this.executor = b.executor;
        this.scheduler = b.scheduler;
    }

    /** A builder for calls that may take at most {@code timeout}. */
    public static Builder builder(Duration timeout) {
        return new Builder().timeout(timeout);
    }

    /** {@code timeout}: how long a call may take before its caller is released with a {@link CallTimeoutException}. */
    public Duration timeout() {
        return timeout;
    }

    /** Runs synchronous calls; virtual threads where the JDK has them, by default. */
    public Executor executor() {
        return executor;
    }

    /**
     * Notices deadlines. With the {@linkplain BreakerScheduler#system() system scheduler} (the default), the
     * caller of a synchronous call waits out its deadline itself, and no task is scheduled per call.
     */
    public BreakerScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return "TimeoutConfig[timeout=" + timeout + "]";
    }

    /** Builds a {@link TimeoutConfig}; each method checks its value at once. */
    public static final class Builder {

        private Duration timeout = Duration.ofSeconds(1);
        private Executor executor = LayerThreads.executor();
        private BreakerScheduler scheduler = BreakerScheduler.system();

        private Builder() {
        }

        /** How long a call may take; at least a millisecond, at most 365 days. */
        public Builder timeout(Duration timeout) {
            Checks.positive("timeout", timeout);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidBreakerConfigException("timeout", timeout,
                        "a positive duration of at least 1ms and at most " + BreakerConfig.MAX_DURATION.toDays()
                                + " days");
            }
            this.timeout = timeout;
            return this;
        }

        /** The threads that run synchronous calls (a direct executor would never release the caller early). */
        public Builder executor(Executor executor) {
            this.executor = Checks.require("executor", executor, "an Executor");
            return this;
        }

        public Builder scheduler(BreakerScheduler scheduler) {
            this.scheduler = Checks.require("scheduler", scheduler, "a BreakerScheduler");
            return this;
        }

        public TimeoutConfig build() {
            return new TimeoutConfig(this);
        }
    }
}
