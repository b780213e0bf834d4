package dev.breaker;

import dev.breaker.internal.ExceptionClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a breaker: immutable, made by a {@link Builder} that checks every value as it is set
 * and names the setting, the value and what it accepts when one is wrong.
 *
 * <p>Setting names in messages and docs are the kebab-case keys of configuration files
 * ({@code failure-rate-threshold}); the builder methods are their camel-case twins.
 */
public final class BreakerConfig {

    /** Largest count-based window: outcomes are packed into 20-bit counters. */
    public static final int MAX_COUNT_WINDOW_SIZE = 1_000_000;
    /** Largest time-based window, in seconds (one hour of one-second buckets). */
    public static final int MAX_TIME_WINDOW_SECONDS = 3_600;
    /** Longest duration any setting accepts. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private static final BreakerConfig DEFAULTS = new Builder().build();

    /** A copy no one else holds, never changed: the config is immutable. */
    private final BreakerConfigValues values;
    private final ExceptionClassifier classifier;
    /** Read by every call that returns, so held here rather than one hop away in {@link #values}. */
    private final @Nullable Predicate<Object> recordResult;

    private BreakerConfig(BreakerConfigValues values) {
        this.values = values;
        this.classifier = new ExceptionClassifier(values.recordExceptions, values.ignoreExceptions,
                values.recordExceptionPredicate, values.ignoreExceptionPredicate);
        this.recordResult = values.recordResult;
    }

    /** The built-in defaults. */
    public static BreakerConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the built-in defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's settings. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** {@code sliding-window-type}: how the window is bounded. Default {@code COUNT_BASED}. */
    public SlidingWindowType slidingWindowType() {
        return values.slidingWindowType;
    }

    /** {@code sliding-window-size}: calls (count-based) or seconds (time-based). Default 100. */
    public int slidingWindowSize() {
        return values.slidingWindowSize;
    }

    /** {@code sliding-window-max-age}: age after which outcomes stop counting (count windows); zero = off. */
    public Duration slidingWindowMaxAge() {
        return values.slidingWindowMaxAge;
    }

    /** {@code minimum-number-of-calls}: calls in the window before rates are computed. Default 20. */
    public int minimumNumberOfCalls() {
        return values.minimumNumberOfCalls;
    }

    /** {@code failure-rate-threshold}: percentage of failures that opens the breaker. Default 50. */
    public float failureRateThreshold() {
        return values.failureRateThreshold;
    }

    /** {@code slow-call-rate-threshold}: percentage of slow calls that opens the breaker. Default 100. */
    public float slowCallRateThreshold() {
        return values.slowCallRateThreshold;
    }

    /** {@code slow-call-duration-threshold}: calls taking longer are slow. Default 60s. */
    public Duration slowCallDurationThreshold() {
        return values.slowCallDurationThreshold;
    }

    /** {@code consecutive-failure-threshold}: failures in a row that open the breaker; 0 = off (default). */
    public int consecutiveFailureThreshold() {
        return values.consecutiveFailureThreshold;
    }

    /** {@code wait-duration-in-open-state}: how long the breaker stays open before trial calls. Default 60s. */
    public Duration waitDurationInOpenState() {
        return values.waitDurationInOpenState;
    }

    /** {@code wait-duration-jitter}: random extra wait, as a ratio of the wait, in [0, 1]. Default 0. */
    public double waitDurationJitter() {
        return values.waitDurationJitter;
    }

    /** {@code wait-duration-multiplier}: growth of the wait on each consecutive re-open, >= 1. Default 1. */
    public double waitDurationMultiplier() {
        return values.waitDurationMultiplier;
    }

    /** {@code max-wait-duration-in-open-state}: cap of the grown wait; zero = no cap (default). */
    public Duration maxWaitDurationInOpenState() {
        return values.maxWaitDurationInOpenState;
    }

    /** {@code automatic-transition-to-half-open}: whether to go HALF_OPEN when the wait ends, without a call. */
    public boolean automaticTransitionToHalfOpen() {
        return values.automaticTransitionToHalfOpen;
    }

    /** {@code permitted-number-of-calls-in-half-open-state}: trial calls while HALF_OPEN. Default 10. */
    public int permittedNumberOfCallsInHalfOpenState() {
        return values.permittedNumberOfCallsInHalfOpenState;
    }

    /** {@code max-wait-duration-in-half-open-state}: reopen when HALF_OPEN lasts longer; zero = off. */
    public Duration maxWaitDurationInHalfOpenState() {
        return values.maxWaitDurationInHalfOpenState;
    }

    /** {@code record-exceptions}: exceptions that count as failures; empty = every exception (default). */
    public List<Class<? extends Throwable>> recordExceptions() {
        return values.recordExceptions;
    }

    /** {@code ignore-exceptions}: exceptions that count as neither failure nor success; they win over records. */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return values.ignoreExceptions;
    }

    /** The clock that times calls and waits. */
    public BreakerClock clock() {
        return values.clock;
    }

    /** The scheduler that runs timed transitions. */
    public BreakerScheduler scheduler() {
        return values.scheduler;
    }

    /** {@code shared}: where the breaker shares its state with the other instances; empty when it decides alone. */
    public Optional<FleetSync> fleetSync() {
        return Optional.ofNullable(values.fleetSync);
    }

    /** {@code mode}: enforce its decisions ({@code ENFORCE}, default) or only record and report them ({@code OBSERVE}). */
    public BreakerMode mode() {
        return values.mode;
    }

    /**
     * {@code success-threshold-in-half-open-state}: fast successful trial calls in a row that close a HALF_OPEN
     * breaker, a failed or slow one reopening it; 0 (default) = decided by the rates of the trial calls.
     */
    public int successThresholdInHalfOpenState() {
        return values.successThresholdInHalfOpenState;
    }

    /** {@code open-wait}: decides each open wait; null (default) = the configured wait, multiplier, cap and jitter. */
    public @Nullable OpenWait openWait() {
        return values.openWait;
    }

    /**
     * How an exception that ended a call counts: {@link CallOutcome#IGNORED} when it matches
     * {@code ignore-exceptions}; otherwise {@link CallOutcome#FAILURE} when no record rule is set or it
     * matches one; otherwise {@link CallOutcome#SUCCESS} (a business exception the dependency answered
     * with, not a sign that it is failing).
     */
    public CallOutcome classify(Throwable error) {
        return classifier.classify(error);
    }

    /** Whether a returned value counts as a failure (the {@code recordResult} predicate). */
    public boolean isFailureResult(@Nullable Object result) {
        return recordResult != null && recordResult.test(result);
    }

    /** Whether a result predicate is set, so that callers can skip testing results. */
    public boolean hasResultPredicate() {
        return recordResult != null;
    }

    /**
     * The settings by their configuration-file names, in the order of {@link #toString()}, without open-wait and
     * shared: what {@link Breaker#reconfigure} compares and a recording exports. Values read as a configuration
     * file accepts them: durations a whole number with the largest of s, ms, us, ns that keeps it whole
     * ({@code 60s}, {@code 1500ms}); numbers without a {@code .0}; exception classes by name, joined by commas;
     * enum constants. Predicates, clock, scheduler and fleet sync are not settings of that kind. Unmodifiable.
     */
    public Map<String, String> settings() {
        return values.settings();
    }

    @Override
    public String toString() {
        return "BreakerConfig[" + values + "]";
    }

    /**
     * Builds a {@link BreakerConfig}. Each method checks its value at once and throws
     * {@link InvalidBreakerConfigException} naming the setting; {@link #build()} checks the settings
     * that depend on each other.
     */
    public static final class Builder {

        private final BreakerConfigValues values;

        private Builder() {
            this.values = new BreakerConfigValues();
        }

        private Builder(BreakerConfigValues from) {
            this.values = new BreakerConfigValues(from);
        }

        public Builder slidingWindowType(SlidingWindowType type) {
            values.slidingWindowType = Checks.require("sliding-window-type", type, "COUNT_BASED or TIME_BASED");
            return this;
        }

        /** Calls (count-based) or seconds (time-based) in the window; the upper bound depends on the type. */
        public Builder slidingWindowSize(int size) {
            values.slidingWindowSize = Checks.between("sliding-window-size", size, 1, MAX_COUNT_WINDOW_SIZE,
                    "at least 1 (and at most " + MAX_COUNT_WINDOW_SIZE + " calls, or " + MAX_TIME_WINDOW_SECONDS
                            + " seconds for a time-based window)");
            return this;
        }

        /** Outcomes older than this stop counting (count-based windows); zero turns it off. */
        public Builder slidingWindowMaxAge(Duration maxAge) {
            values.slidingWindowMaxAge = Checks.zeroOrPositive("sliding-window-max-age", maxAge, "off");
            return this;
        }

        /**
         * Calls that must be in the window before rates are computed. A count-based window smaller than
         * this uses its size instead, as it can never hold more.
         */
        public Builder minimumNumberOfCalls(int calls) {
            values.minimumNumberOfCalls = Checks.between("minimum-number-of-calls", calls, 1, Integer.MAX_VALUE,
                    "at least 1");
            return this;
        }

        public Builder failureRateThreshold(float percent) {
            values.failureRateThreshold = Checks.percent("failure-rate-threshold", percent);
            return this;
        }

        public Builder slowCallRateThreshold(float percent) {
            values.slowCallRateThreshold = Checks.percent("slow-call-rate-threshold", percent);
            return this;
        }

        public Builder slowCallDurationThreshold(Duration threshold) {
            values.slowCallDurationThreshold = Checks.positive("slow-call-duration-threshold", threshold);
            return this;
        }

        /** Failures in a row that open the breaker, whatever the rates; zero turns it off. */
        public Builder consecutiveFailureThreshold(int failures) {
            values.consecutiveFailureThreshold = Checks.between("consecutive-failure-threshold", failures, 0,
                    Integer.MAX_VALUE, "0 (off) or a positive number of failures");
            return this;
        }

        public Builder waitDurationInOpenState(Duration wait) {
            values.waitDurationInOpenState = Checks.positive("wait-duration-in-open-state", wait);
            return this;
        }

        /** Random extra wait of up to {@code ratio} times the wait, so a fleet does not probe in lockstep. */
        public Builder waitDurationJitter(double ratio) {
            values.waitDurationJitter = Checks.ratio("wait-duration-jitter", ratio);
            return this;
        }

        /** Growth of the open wait on each consecutive re-open (1 keeps it constant). */
        public Builder waitDurationMultiplier(double multiplier) {
            values.waitDurationMultiplier = Checks.multiplier("wait-duration-multiplier", multiplier);
            return this;
        }

        /** Cap of the grown open wait (before jitter); zero means no cap. */
        public Builder maxWaitDurationInOpenState(Duration max) {
            values.maxWaitDurationInOpenState = Checks.zeroOrPositive("max-wait-duration-in-open-state", max,
                    "off");
            return this;
        }

        public Builder automaticTransitionToHalfOpen(boolean automatic) {
            values.automaticTransitionToHalfOpen = automatic;
            return this;
        }

        public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
            values.permittedNumberOfCallsInHalfOpenState = Checks.between(
                    "permitted-number-of-calls-in-half-open-state", calls, 1, MAX_COUNT_WINDOW_SIZE,
                    "between 1 and " + MAX_COUNT_WINDOW_SIZE);
            return this;
        }

        /** Reopen a breaker that stays HALF_OPEN longer than this (probes that never end); zero = off. */
        public Builder maxWaitDurationInHalfOpenState(Duration max) {
            values.maxWaitDurationInHalfOpenState = Checks.zeroOrPositive("max-wait-duration-in-half-open-state",
                    max, "off");
            return this;
        }

        /** Exceptions (and their subclasses) that count as failures; others count as successes. */
        @SafeVarargs
        public final Builder recordExceptions(Class<? extends Throwable>... types) {
            return recordExceptions(List.of(types));
        }

        public Builder recordExceptions(List<Class<? extends Throwable>> types) {
            values.recordExceptions = Checks.exceptionTypes("record-exceptions", types);
            return this;
        }

        /** Exceptions (and their subclasses) that count as neither failure nor success; they win over records. */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            return ignoreExceptions(List.of(types));
        }

        public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
            values.ignoreExceptions = Checks.exceptionTypes("ignore-exceptions", types);
            return this;
        }

        /** An extra rule for failures, or'ed with {@code record-exceptions}. */
        public Builder recordException(Predicate<Throwable> predicate) {
            values.recordExceptionPredicate = Checks.require("record-exception predicate", predicate, "a predicate");
            return this;
        }

        /** An extra rule for ignored exceptions, or'ed with {@code ignore-exceptions}. */
        public Builder ignoreException(Predicate<Throwable> predicate) {
            values.ignoreExceptionPredicate = Checks.require("ignore-exception predicate", predicate, "a predicate");
            return this;
        }

        /** Returned values for which the predicate is true count as failures (the value is still returned). */
        public Builder recordResult(Predicate<Object> predicate) {
            values.recordResult = Checks.require("record-result predicate", predicate, "a predicate");
            return this;
        }

        public Builder clock(BreakerClock clock) {
            values.clock = Checks.require("clock", clock, "a BreakerClock");
            return this;
        }

        public Builder scheduler(BreakerScheduler scheduler) {
            values.scheduler = Checks.require("scheduler", scheduler, "a BreakerScheduler");
            return this;
        }

        /**
         * Shares the breaker's transitions with the other instances of the application through
         * {@code sync}; {@code null} (the default) keeps it local.
         */
        public Builder fleetSync(@Nullable FleetSync sync) {
            values.fleetSync = sync;
            return this;
        }

        /** {@code ENFORCE} (default) rejects calls while open; {@code OBSERVE} only records and reports. */
        public Builder mode(BreakerMode mode) {
            values.mode = Checks.require("mode", mode, "ENFORCE or OBSERVE");
            return this;
        }

        /**
         * Successful trial calls in a row that close a HALF_OPEN breaker (any failed or slow trial reopens it);
         * 0 turns it off, leaving the decision to the rates. At most
         * {@code permitted-number-of-calls-in-half-open-state}, checked by {@link #build()}.
         */
        public Builder successThresholdInHalfOpenState(int successes) {
            values.successThresholdInHalfOpenState = Checks.between("success-threshold-in-half-open-state",
                    successes, 0, MAX_COUNT_WINDOW_SIZE, "0 (off) or a positive number of trial calls");
            return this;
        }

        /** Decides the wait of each visit to OPEN, in place of the configured wait (see {@link OpenWait}). */
        public Builder openWait(OpenWait openWait) {
            values.openWait = Checks.require("open-wait", openWait, "an OpenWait (leave it unset for the configured"
                    + " wait-duration-in-open-state)");
            return this;
        }

        /** Checks the settings that depend on each other and builds the config. */
        public BreakerConfig build() {
            values.checkCombinations();
            return new BreakerConfig(new BreakerConfigValues(values));
        }
    }
}
