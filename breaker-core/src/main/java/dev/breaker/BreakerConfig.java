package dev.breaker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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

    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final Duration slidingWindowMaxAge;
    private final int minimumNumberOfCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final Duration slowCallDurationThreshold;
    private final int consecutiveFailureThreshold;
    private final Duration waitDurationInOpenState;
    private final double waitDurationJitter;
    private final double waitDurationMultiplier;
    private final Duration maxWaitDurationInOpenState;
    private final boolean automaticTransitionToHalfOpen;
    private final int permittedNumberOfCallsInHalfOpenState;
    private final Duration maxWaitDurationInHalfOpenState;
    private final ExceptionClassifier classifier;
    private final @Nullable Predicate<Object> recordResult;
    private final BreakerClock clock;
    private final BreakerScheduler scheduler;
    private final @Nullable FleetSync fleetSync;

    private BreakerConfig(Builder b) {
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        this.slidingWindowMaxAge = b.slidingWindowMaxAge;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slowCallRateThreshold = b.slowCallRateThreshold;
        this.slowCallDurationThreshold = b.slowCallDurationThreshold;
        this.consecutiveFailureThreshold = b.consecutiveFailureThreshold;
        this.waitDurationInOpenState = b.waitDurationInOpenState;
        this.waitDurationJitter = b.waitDurationJitter;
        this.waitDurationMultiplier = b.waitDurationMultiplier;
        this.maxWaitDurationInOpenState = b.maxWaitDurationInOpenState;
        this.automaticTransitionToHalfOpen = b.automaticTransitionToHalfOpen;
        this.permittedNumberOfCallsInHalfOpenState = b.permittedNumberOfCallsInHalfOpenState;
        this.maxWaitDurationInHalfOpenState = b.maxWaitDurationInHalfOpenState;
        this.classifier = new ExceptionClassifier(b.recordExceptions, b.ignoreExceptions,
                b.recordExceptionPredicate, b.ignoreExceptionPredicate);
        this.recordResult = b.recordResult;
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.fleetSync = b.fleetSync;
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
        return new Builder(this);
    }

    /** {@code sliding-window-type}: how the window is bounded. Default {@code COUNT_BASED}. */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /** {@code sliding-window-size}: calls (count-based) or seconds (time-based). Default 100. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** {@code sliding-window-max-age}: age after which outcomes stop counting (count windows); zero = off. */
    public Duration slidingWindowMaxAge() {
        return slidingWindowMaxAge;
    }

    /** {@code minimum-number-of-calls}: calls in the window before rates are computed. Default 20. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** {@code failure-rate-threshold}: percentage of failures that opens the breaker. Default 50. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** {@code slow-call-rate-threshold}: percentage of slow calls that opens the breaker. Default 100. */
    public float slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** {@code slow-call-duration-threshold}: calls taking longer are slow. Default 60s. */
    public Duration slowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    /** {@code consecutive-failure-threshold}: failures in a row that open the breaker; 0 = off (default). */
    public int consecutiveFailureThreshold() {
        return consecutiveFailureThreshold;
    }

    /** {@code wait-duration-in-open-state}: how long the breaker stays open before trial calls. Default 60s. */
    public Duration waitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    /** {@code wait-duration-jitter}: random extra wait, as a ratio of the wait, in [0, 1]. Default 0. */
    public double waitDurationJitter() {
        return waitDurationJitter;
    }

    /** {@code wait-duration-multiplier}: growth of the wait on each consecutive re-open, >= 1. Default 1. */
    public double waitDurationMultiplier() {
        return waitDurationMultiplier;
    }

    /** {@code max-wait-duration-in-open-state}: cap of the grown wait; zero = no cap (default). */
    public Duration maxWaitDurationInOpenState() {
        return maxWaitDurationInOpenState;
    }

    /** {@code automatic-transition-to-half-open}: whether to go HALF_OPEN when the wait ends, without a call. */
    public boolean automaticTransitionToHalfOpen() {
        return automaticTransitionToHalfOpen;
    }

    /** {@code permitted-number-of-calls-in-half-open-state}: trial calls while HALF_OPEN. Default 10. */
    public int permittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    /** {@code max-wait-duration-in-half-open-state}: reopen when HALF_OPEN lasts longer; zero = off. */
    public Duration maxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    /** {@code record-exceptions}: exceptions that count as failures; empty = every exception (default). */
    public List<Class<? extends Throwable>> recordExceptions() {
        return classifier.recordExceptions();
    }

    /** {@code ignore-exceptions}: exceptions that count as neither failure nor success; they win over records. */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return classifier.ignoreExceptions();
    }

    /** The clock that times calls and waits. */
    public BreakerClock clock() {
        return clock;
    }

    /** The scheduler that runs timed transitions. */
    public BreakerScheduler scheduler() {
        return scheduler;
    }

    /** {@code shared}: where the breaker shares its state with the other instances; empty when it decides alone. */
    public Optional<FleetSync> fleetSync() {
        return Optional.ofNullable(fleetSync);
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

    @Override
    public String toString() {
        return "BreakerConfig[sliding-window-type=" + slidingWindowType
                + ", sliding-window-size=" + slidingWindowSize
                + ", sliding-window-max-age=" + slidingWindowMaxAge
                + ", minimum-number-of-calls=" + minimumNumberOfCalls
                + ", failure-rate-threshold=" + failureRateThreshold
                + ", slow-call-rate-threshold=" + slowCallRateThreshold
                + ", slow-call-duration-threshold=" + slowCallDurationThreshold
                + ", consecutive-failure-threshold=" + consecutiveFailureThreshold
                + ", wait-duration-in-open-state=" + waitDurationInOpenState
                + ", wait-duration-jitter=" + waitDurationJitter
                + ", wait-duration-multiplier=" + waitDurationMultiplier
                + ", max-wait-duration-in-open-state=" + maxWaitDurationInOpenState
                + ", automatic-transition-to-half-open=" + automaticTransitionToHalfOpen
                + ", permitted-number-of-calls-in-half-open-state=" + permittedNumberOfCallsInHalfOpenState
                + ", max-wait-duration-in-half-open-state=" + maxWaitDurationInHalfOpenState
                + ", record-exceptions=" + classifier.recordExceptions()
                + ", ignore-exceptions=" + classifier.ignoreExceptions()
                + (fleetSync != null ? ", shared=true" : "") + "]";
    }

    /**
     * Builds a {@link BreakerConfig}. Each method checks its value at once and throws
     * {@link InvalidBreakerConfigException} naming the setting; {@link #build()} checks the settings
     * that depend on each other.
     */
    public static final class Builder {

        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
        private int slidingWindowSize = 100;
        private Duration slidingWindowMaxAge = Duration.ZERO;
        private int minimumNumberOfCalls = 20;
        private float failureRateThreshold = 50;
        private float slowCallRateThreshold = 100;
        private Duration slowCallDurationThreshold = Duration.ofSeconds(60);
        private int consecutiveFailureThreshold = 0;
        private Duration waitDurationInOpenState = Duration.ofSeconds(60);
        private double waitDurationJitter = 0;
        private double waitDurationMultiplier = 1;
        private Duration maxWaitDurationInOpenState = Duration.ZERO;
        private boolean automaticTransitionToHalfOpen = false;
        private int permittedNumberOfCallsInHalfOpenState = 10;
        private Duration maxWaitDurationInHalfOpenState = Duration.ZERO;
        private List<Class<? extends Throwable>> recordExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private @Nullable Predicate<Throwable> recordExceptionPredicate;
        private @Nullable Predicate<Throwable> ignoreExceptionPredicate;
        private @Nullable Predicate<Object> recordResult;
        private BreakerClock clock = BreakerClock.system();
        private BreakerScheduler scheduler = BreakerScheduler.system();
        private @Nullable FleetSync fleetSync;

        private Builder() {
        }

        private Builder(BreakerConfig c) {
            slidingWindowType = c.slidingWindowType;
            slidingWindowSize = c.slidingWindowSize;
            slidingWindowMaxAge = c.slidingWindowMaxAge;
            minimumNumberOfCalls = c.minimumNumberOfCalls;
            failureRateThreshold = c.failureRateThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slowCallDurationThreshold = c.slowCallDurationThreshold;
            consecutiveFailureThreshold = c.consecutiveFailureThreshold;
            waitDurationInOpenState = c.waitDurationInOpenState;
            waitDurationJitter = c.waitDurationJitter;
            waitDurationMultiplier = c.waitDurationMultiplier;
            maxWaitDurationInOpenState = c.maxWaitDurationInOpenState;
            automaticTransitionToHalfOpen = c.automaticTransitionToHalfOpen;
            permittedNumberOfCallsInHalfOpenState = c.permittedNumberOfCallsInHalfOpenState;
            maxWaitDurationInHalfOpenState = c.maxWaitDurationInHalfOpenState;
            recordExceptions = c.classifier.recordExceptions();
            ignoreExceptions = c.classifier.ignoreExceptions();
            recordExceptionPredicate = c.classifier.recordPredicate();
            ignoreExceptionPredicate = c.classifier.ignorePredicate();
            recordResult = c.recordResult;
            clock = c.clock;
            scheduler = c.scheduler;
            fleetSync = c.fleetSync;
        }

        public Builder slidingWindowType(SlidingWindowType type) {
            this.slidingWindowType = require("sliding-window-type", type, "COUNT_BASED or TIME_BASED");
            return this;
        }

        /** Calls (count-based) or seconds (time-based) in the window; the upper bound depends on the type. */
        public Builder slidingWindowSize(int size) {
            if (size < 1 || size > MAX_COUNT_WINDOW_SIZE) {
                throw new InvalidBreakerConfigException("sliding-window-size", size,
                        "at least 1 (and at most " + MAX_COUNT_WINDOW_SIZE + " calls, or "
                                + MAX_TIME_WINDOW_SECONDS + " seconds for a time-based window)");
            }
            this.slidingWindowSize = size;
            return this;
        }

        /** Outcomes older than this stop counting (count-based windows); zero turns it off. */
        public Builder slidingWindowMaxAge(Duration maxAge) {
            this.slidingWindowMaxAge = zeroOrPositive("sliding-window-max-age", maxAge);
            return this;
        }

        /**
         * Calls that must be in the window before rates are computed. A count-based window smaller than
         * this uses its size instead, as it can never hold more.
         */
        public Builder minimumNumberOfCalls(int calls) {
            if (calls < 1) {
                throw new InvalidBreakerConfigException("minimum-number-of-calls", calls, "at least 1");
            }
            this.minimumNumberOfCalls = calls;
            return this;
        }

        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent("failure-rate-threshold", percent);
            return this;
        }

        public Builder slowCallRateThreshold(float percent) {
            this.slowCallRateThreshold = percent("slow-call-rate-threshold", percent);
            return this;
        }

        public Builder slowCallDurationThreshold(Duration threshold) {
            this.slowCallDurationThreshold = positive("slow-call-duration-threshold", threshold);
            return this;
        }

        /** Failures in a row that open the breaker, whatever the rates; zero turns it off. */
        public Builder consecutiveFailureThreshold(int failures) {
            if (failures < 0) {
                throw new InvalidBreakerConfigException("consecutive-failure-threshold", failures,
                        "0 (off) or a positive number of failures");
            }
            this.consecutiveFailureThreshold = failures;
            return this;
        }

        public Builder waitDurationInOpenState(Duration wait) {
            this.waitDurationInOpenState = positive("wait-duration-in-open-state", wait);
            return this;
        }

        /** Random extra wait of up to {@code ratio} times the wait, so a fleet does not probe in lockstep. */
        public Builder waitDurationJitter(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new InvalidBreakerConfigException("wait-duration-jitter", ratio, "a ratio in [0, 1]");
            }
            this.waitDurationJitter = ratio;
            return this;
        }

        /** Growth of the open wait on each consecutive re-open (1 keeps it constant). */
        public Builder waitDurationMultiplier(double multiplier) {
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw new InvalidBreakerConfigException("wait-duration-multiplier", multiplier,
                        "a finite number >= 1");
            }
            this.waitDurationMultiplier = multiplier;
            return this;
        }

        /** Cap of the grown open wait (before jitter); zero means no cap. */
        public Builder maxWaitDurationInOpenState(Duration max) {
            this.maxWaitDurationInOpenState = zeroOrPositive("max-wait-duration-in-open-state", max);
            return this;
        }

        public Builder automaticTransitionToHalfOpen(boolean automatic) {
            this.automaticTransitionToHalfOpen = automatic;
            return this;
        }

        public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
            if (calls < 1 || calls > MAX_COUNT_WINDOW_SIZE) {
                throw new InvalidBreakerConfigException("permitted-number-of-calls-in-half-open-state", calls,
                        "between 1 and " + MAX_COUNT_WINDOW_SIZE);
            }
            this.permittedNumberOfCallsInHalfOpenState = calls;
            return this;
        }

        /** Reopen a breaker that stays HALF_OPEN longer than this (probes that never end); zero = off. */
        public Builder maxWaitDurationInHalfOpenState(Duration max) {
            this.maxWaitDurationInHalfOpenState = zeroOrPositive("max-wait-duration-in-half-open-state", max);
            return this;
        }

        /** Exceptions (and their subclasses) that count as failures; others count as successes. */
        @SafeVarargs
        public final Builder recordExceptions(Class<? extends Throwable>... types) {
            return recordExceptions(List.of(types));
        }

        public Builder recordExceptions(List<Class<? extends Throwable>> types) {
            this.recordExceptions = exceptionTypes("record-exceptions", types);
            return this;
        }

        /** Exceptions (and their subclasses) that count as neither failure nor success; they win over records. */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            return ignoreExceptions(List.of(types));
        }

        public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
            this.ignoreExceptions = exceptionTypes("ignore-exceptions", types);
            return this;
        }

        /** An extra rule for failures, or'ed with {@code record-exceptions}. */
        public Builder recordException(Predicate<Throwable> predicate) {
            this.recordExceptionPredicate = require("record-exception predicate", predicate, "a predicate");
            return this;
        }

        /** An extra rule for ignored exceptions, or'ed with {@code ignore-exceptions}. */
        public Builder ignoreException(Predicate<Throwable> predicate) {
            this.ignoreExceptionPredicate = require("ignore-exception predicate", predicate, "a predicate");
            return this;
        }

        /** Returned values for which the predicate is true count as failures (the value is still returned). */
        public Builder recordResult(Predicate<Object> predicate) {
            this.recordResult = require("record-result predicate", predicate, "a predicate");
            return this;
        }

        public Builder clock(BreakerClock clock) {
            this.clock = require("clock", clock, "a BreakerClock");
            return this;
        }

        public Builder scheduler(BreakerScheduler scheduler) {
            this.scheduler = require("scheduler", scheduler, "a BreakerScheduler");
            return this;
        }

        /**
         * Shares the breaker's transitions with the other instances of the application through
         * {@code sync}; {@code null} (the default) keeps it local.
         */
        public Builder fleetSync(@Nullable FleetSync sync) {
            this.fleetSync = sync;
            return this;
        }

        /** Checks the settings that depend on each other and builds the config. */
        public BreakerConfig build() {
            if (slidingWindowType == SlidingWindowType.TIME_BASED) {
                if (slidingWindowSize > MAX_TIME_WINDOW_SECONDS) {
                    throw new InvalidBreakerConfigException("sliding-window-size", slidingWindowSize,
                            "between 1 and " + MAX_TIME_WINDOW_SECONDS + " seconds for a TIME_BASED window");
                }
                if (!slidingWindowMaxAge.isZero()) {
                    throw new InvalidBreakerConfigException("sliding-window-max-age", slidingWindowMaxAge,
                            "unset (or zero) for a TIME_BASED window, whose size already bounds the age of "
                                    + "outcomes; it applies to COUNT_BASED windows");
                }
            }
            if (!maxWaitDurationInOpenState.isZero()
                    && maxWaitDurationInOpenState.compareTo(waitDurationInOpenState) < 0) {
                throw new InvalidBreakerConfigException("max-wait-duration-in-open-state", maxWaitDurationInOpenState,
                        "zero (no cap) or at least wait-duration-in-open-state (" + waitDurationInOpenState + ")");
            }
            return new BreakerConfig(this);
        }

        private static float percent(String setting, float value) {
            if (!(value > 0 && value <= 100)) {
                throw new InvalidBreakerConfigException(setting, value, "a percentage in (0, 100]");
            }
            return value;
        }

        private static Duration positive(String setting, @Nullable Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
                throw new InvalidBreakerConfigException(setting, value,
                        "a positive duration of at most " + MAX_DURATION.toDays() + " days");
            }
            return value;
        }

        private static Duration zeroOrPositive(String setting, @Nullable Duration value) {
            if (value == null || value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
                throw new InvalidBreakerConfigException(setting, value,
                        "zero (off) or a positive duration of at most " + MAX_DURATION.toDays() + " days");
            }
            return value;
        }

        private static <T> T require(String setting, @Nullable T value, String accepted) {
            if (value == null) {
                throw new InvalidBreakerConfigException(setting, null, accepted);
            }
            return value;
        }

        private static List<Class<? extends Throwable>> exceptionTypes(String setting,
                @Nullable List<Class<? extends Throwable>> types) {
            if (types == null) {
                throw new InvalidBreakerConfigException(setting, null, "a list of Throwable classes");
            }
            for (Class<?> type : types) {
                if (type == null || !Throwable.class.isAssignableFrom(type)) {
                    throw new InvalidBreakerConfigException(setting, type, "a list of Throwable classes");
                }
            }
            return List.copyOf(types);
        }
    }

    /** Classifies exceptions, caching the class-list part of the answer per exception class. */
    private static final class ExceptionClassifier {

        private final List<Class<? extends Throwable>> recordExceptions;
        private final List<Class<? extends Throwable>> ignoreExceptions;
        private final @Nullable Predicate<Throwable> recordPredicate;
        private final @Nullable Predicate<Throwable> ignorePredicate;
        private final ClassValue<CallOutcome> byClass = new ClassValue<>() {
            @Override
            protected CallOutcome computeValue(Class<?> type) {
                if (matches(ignoreExceptions, type)) {
                    return CallOutcome.IGNORED;
                }
                if (recordExceptions.isEmpty() && recordPredicate == null) {
                    return CallOutcome.FAILURE;
                }
                return matches(recordExceptions, type) ? CallOutcome.FAILURE : CallOutcome.SUCCESS;
            }
        };

        ExceptionClassifier(List<Class<? extends Throwable>> recordExceptions,
                List<Class<? extends Throwable>> ignoreExceptions, @Nullable Predicate<Throwable> recordPredicate,
                @Nullable Predicate<Throwable> ignorePredicate) {
            this.recordExceptions = recordExceptions;
            this.ignoreExceptions = ignoreExceptions;
            this.recordPredicate = recordPredicate;
            this.ignorePredicate = ignorePredicate;
        }

        CallOutcome classify(Throwable error) {
            Objects.requireNonNull(error, "error");
            CallOutcome byType = byClass.get(error.getClass());
            if (byType == CallOutcome.IGNORED || (ignorePredicate != null && ignorePredicate.test(error))) {
                return CallOutcome.IGNORED;
            }
            if (byType == CallOutcome.SUCCESS && recordPredicate != null && recordPredicate.test(error)) {
                return CallOutcome.FAILURE;
            }
            return byType;
        }

        private static boolean matches(List<Class<? extends Throwable>> types, Class<?> type) {
            for (Class<? extends Throwable> candidate : types) {
                if (candidate.isAssignableFrom(type)) {
                    return true;
                }
            }
            return false;
        }

        List<Class<? extends Throwable>> recordExceptions() {
            return recordExceptions;
        }

        List<Class<? extends Throwable>> ignoreExceptions() {
            return ignoreExceptions;
        }

        @Nullable Predicate<Throwable> recordPredicate() {
            return recordPredicate;
        }

        @Nullable Predicate<Throwable> ignorePredicate() {
            return ignorePredicate;
        }
    }
}
