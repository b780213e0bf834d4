package dev.breaker;

import dev.breaker.internal.LayerThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link Retry}: immutable, made by a {@link Builder} that checks each value and names the
 * setting ({@code retry.max-attempts}, ...) when one is wrong. The waits between attempts grow by the
 * {@link Backoff}, are capped by {@code retry.max-wait-duration} and spread by {@code retry.jitter}.
 */
public final class RetryConfig {

    /** Most attempts a call may make. */
    public static final int MAX_ATTEMPTS = 100;

    /** How the wait before each retry grows. */
    public enum Backoff {
        /** Every wait is {@code wait-duration}. */
        FIXED,
        /** The n-th wait is n times {@code wait-duration}. */
        LINEAR,
        /** The n-th wait is {@code wait-duration} times {@code multiplier} to the power n - 1. */
        EXPONENTIAL
    }

    private static final RetryConfig DEFAULTS = new Builder().build();

    private final int maxAttempts;
    private final Duration waitDuration;
    private final Backoff backoff;
    private final double multiplier;
    private final Duration maxWaitDuration;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final BreakerScheduler scheduler;
    private final Sleeper sleeper;
    private final Executor executor;
    private final DoubleSupplier random;

    private RetryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.waitDuration = b.waitDuration;
        this.backoff = b.backoff;
        this.multiplier = b.multiplier;
        this.maxWaitDuration = b.maxWaitDuration;
        this.jitter = b.jitter;
        this.retryExceptions = b.retryExceptions;
        this.ignoreExceptions = b.ignoreExceptions;
        this.scheduler = b.scheduler;
        this.sleeper = (b.sleeper != null) ? b.sleeper : Sleeper.on(b.scheduler);
        this.executor = b.executor;
        this.random = b.random;
    }

    /** The built-in defaults: one attempt, that is no retry. */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code retry.max-attempts}: attempts per call, the first included; 1 means no retry. Default 1. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@code retry.wait-duration}: the wait before the first retry. Default 500ms. */
    public Duration waitDuration() {
        return waitDuration;
    }

    /** {@code retry.backoff}: how the waits grow. Default {@code FIXED}. */
    public Backoff backoff() {
        return backoff;
    }

    /** {@code retry.multiplier}: growth of each wait over the previous one, for exponential backoff. Default 2. */
    public double multiplier() {
        return multiplier;
    }

    /** {@code retry.max-wait-duration}: cap of every wait, jitter included; zero means no cap (default). */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }

    /** {@code retry.jitter}: each wait is spread at random by up to this ratio either way, in [0, 1]. Default 0. */
    public double jitter() {
        return jitter;
    }

    /** {@code retry.retry-exceptions}: the exceptions retried; empty means those the breaker counts as failures. */
    public List<Class<? extends Throwable>> retryExceptions() {
        return retryExceptions;
    }

    /** {@code retry.ignore-exceptions}: exceptions never retried; they win over {@code retry-exceptions}. */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return ignoreExceptions;
    }

    /** Times the waits of asynchronous retries. */
    public BreakerScheduler scheduler() {
        return scheduler;
    }

    /** How synchronous retries wait: the one set, else waiting on {@link #scheduler()}. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** Runs asynchronous attempts after their wait, so the scheduler's thread never runs application code. */
    public Executor executor() {
        return executor;
    }

    /** Uniform random numbers in [0, 1) for the jitter. */
    public DoubleSupplier random() {
        return random;
    }

    @Override
    public String toString() {
        return "RetryConfig[max-attempts=" + maxAttempts + ", wait-duration=" + waitDuration + ", backoff=" + backoff
                + ", multiplier=" + multiplier + ", max-wait-duration=" + maxWaitDuration + ", jitter=" + jitter
                + ", retry-exceptions=" + retryExceptions + ", ignore-exceptions=" + ignoreExceptions + "]";
    }

    /**
     * Builds a {@link RetryConfig}. Each method checks its value at once and throws
     * {@link InvalidBreakerConfigException} naming the setting; {@link #build()} checks that the cap is not
     * below the first wait.
     */
    public static final class Builder {

        private int maxAttempts = 1;
        private Duration waitDuration = Duration.ofMillis(500);
        private Backoff backoff = Backoff.FIXED;
        private double multiplier = 2;
        private Duration maxWaitDuration = Duration.ZERO;
        private double jitter = 0;
        private List<Class<? extends Throwable>> retryExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private BreakerScheduler scheduler = BreakerScheduler.system();
        private @Nullable Sleeper sleeper;
        private Executor executor = LayerThreads.executor();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** Attempts per call, the first included: 1 (no retry) to {@value #MAX_ATTEMPTS}. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = Checks.between("retry.max-attempts", attempts, 1, MAX_ATTEMPTS,
                    "a whole number from 1 (no retry) to " + MAX_ATTEMPTS);
            return this;
        }

        /** The wait before the first retry; zero retries at once. */
        public Builder waitDuration(Duration wait) {
            this.waitDuration = Checks.zeroOrPositive("retry.wait-duration", wait, "retry at once");
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Checks.require("retry.backoff", backoff, "fixed, linear or exponential");
            return this;
        }

        /** Growth of each wait over the previous one (exponential backoff), a finite number >= 1. */
        public Builder multiplier(double multiplier) {
            this.multiplier = Checks.multiplier("retry.multiplier", multiplier);
            return this;
        }

        /** Cap of every wait, jitter included; zero means no cap. */
        public Builder maxWaitDuration(Duration max) {
            this.maxWaitDuration = Checks.zeroOrPositive("retry.max-wait-duration", max, "no cap");
            return this;
        }

        /** Spread of each wait, a ratio in [0, 1]: 0.2 makes a 1s wait anything from 0.8s to 1.2s. */
        public Builder jitter(double ratio) {
            this.jitter = Checks.ratio("retry.jitter", ratio);
            return this;
        }

        @SafeVarargs
        public final Builder retryExceptions(Class<? extends Throwable>... types) {
            return retryExceptions(List.of(types));
        }

        public Builder retryExceptions(List<Class<? extends Throwable>> types) {
            this.retryExceptions = Checks.exceptionTypes("retry.retry-exceptions", types);
            return this;
        }

        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            return ignoreExceptions(List.of(types));
        }

        public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
            this.ignoreExceptions = Checks.exceptionTypes("retry.ignore-exceptions", types);
            return this;
        }

        public Builder scheduler(BreakerScheduler scheduler) {
            this.scheduler = Checks.require("scheduler", scheduler, "a BreakerScheduler");
            return this;
        }

        /** How synchronous retries wait; by default they wait on the scheduler. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Checks.require("sleeper", sleeper, "a Sleeper");
            return this;
        }

        public Builder executor(Executor executor) {
            this.executor = Checks.require("executor", executor, "an Executor");
            return this;
        }

        /** Uniform random numbers in [0, 1) for the jitter; tests pin them. */
        public Builder random(DoubleSupplier random) {
            this.random = Checks.require("random", random, "a DoubleSupplier");
            return this;
        }

        public RetryConfig build() {
            if (!maxWaitDuration.isZero() && maxWaitDuration.compareTo(waitDuration) < 0) {
                throw new InvalidBreakerConfigException("retry.max-wait-duration", maxWaitDuration,
                        "zero (no cap) or at least retry.wait-duration (" + waitDuration + ")");
            }
            return new RetryConfig(this);
        }
    }
}
