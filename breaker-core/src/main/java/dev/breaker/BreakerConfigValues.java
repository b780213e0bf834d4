package dev.breaker;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The values of a {@link BreakerConfig}, starting at the built-in defaults. A {@link BreakerConfig.Builder}
 * fills its own instance, checking each value as it is set; a config keeps a copy that it never changes
 * nor hands out, which is what makes the config immutable.
 */
final class BreakerConfigValues {

    SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
    int slidingWindowSize = 100;
    Duration slidingWindowMaxAge = Duration.ZERO;
    int minimumNumberOfCalls = 20;
    float failureRateThreshold = 50;
    float slowCallRateThreshold = 100;
    Duration slowCallDurationThreshold = Duration.ofSeconds(60);
    int consecutiveFailureThreshold = 0;
    Duration waitDurationInOpenState = Duration.ofSeconds(60);
    double waitDurationJitter = 0;
    double waitDurationMultiplier = 1;
    Duration maxWaitDurationInOpenState = Duration.ZERO;
    boolean automaticTransitionToHalfOpen = false;
    int permittedNumberOfCallsInHalfOpenState = 10;
    Duration maxWaitDurationInHalfOpenState = Duration.ZERO;
    List<Class<? extends Throwable>> recordExceptions = List.of();
    List<Class<? extends Throwable>> ignoreExceptions = List.of();
    @Nullable Predicate<Throwable> recordExceptionPredicate;
    @Nullable Predicate<Throwable> ignoreExceptionPredicate;
    @Nullable Predicate<Object> recordResult;
    BreakerClock clock = BreakerClock.system();
    BreakerScheduler scheduler = BreakerScheduler.system();
    @Nullable FleetSync fleetSync;
    BreakerMode mode = BreakerMode.ENFORCE;
    int successThresholdInHalfOpenState = 0;
    @Nullable OpenWait openWait;

    BreakerConfigValues() {
    }

    BreakerConfigValues(BreakerConfigValues other) {
        slidingWindowType = other.slidingWindowType;
        slidingWindowSize = other.slidingWindowSize;
        slidingWindowMaxAge = other.slidingWindowMaxAge;
        minimumNumberOfCalls = other.minimumNumberOfCalls;
        failureRateThreshold = other.failureRateThreshold;
        slowCallRateThreshold = other.slowCallRateThreshold;
        slowCallDurationThreshold = other.slowCallDurationThreshold;
        consecutiveFailureThreshold = other.consecutiveFailureThreshold;
        waitDurationInOpenState = other.waitDurationInOpenState;
        waitDurationJitter = other.waitDurationJitter;
        waitDurationMultiplier = other.waitDurationMultiplier;
        maxWaitDurationInOpenState = other.maxWaitDurationInOpenState;
        automaticTransitionToHalfOpen = other.automaticTransitionToHalfOpen;
        permittedNumberOfCallsInHalfOpenState = other.permittedNumberOfCallsInHalfOpenState;
        maxWaitDurationInHalfOpenState = other.maxWaitDurationInHalfOpenState;
        recordExceptions = other.recordExceptions;
        ignoreExceptions = other.ignoreExceptions;
        recordExceptionPredicate = other.recordExceptionPredicate;
        ignoreExceptionPredicate = other.ignoreExceptionPredicate;
        recordResult = other.recordResult;
        clock = other.clock;
        scheduler = other.scheduler;
        fleetSync = other.fleetSync;
        mode = other.mode;
        successThresholdInHalfOpenState = other.successThresholdInHalfOpenState;
        openWait = other.openWait;
    }

    /** Checks the settings that depend on each other; each setting was checked on its own when set. */
    void checkCombinations() {
        if (slidingWindowType == SlidingWindowType.TIME_BASED) {
            if (slidingWindowSize > BreakerConfig.MAX_TIME_WINDOW_SECONDS) {
                throw new InvalidBreakerConfigException("sliding-window-size", slidingWindowSize, "between 1 and "
                        + BreakerConfig.MAX_TIME_WINDOW_SECONDS + " seconds for a TIME_BASED window");
            }
            if (!slidingWindowMaxAge.isZero()) {
                throw new InvalidBreakerConfigException("sliding-window-max-age", slidingWindowMaxAge,
                        "unset (or zero) for a TIME_BASED window, whose size already bounds the age of "
                                + "outcomes; it applies to COUNT_BASED windows");
            }
        }
        if (!maxWaitDurationInOpenState.isZero() && maxWaitDurationInOpenState.compareTo(waitDurationInOpenState) < 0) {
            throw new InvalidBreakerConfigException("max-wait-duration-in-open-state", maxWaitDurationInOpenState,
                    "zero (no cap) or at least wait-duration-in-open-state (" + waitDurationInOpenState + ")");
        }
        if (successThresholdInHalfOpenState > permittedNumberOfCallsInHalfOpenState) {
            throw new InvalidBreakerConfigException("success-threshold-in-half-open-state",
                    successThresholdInHalfOpenState, "at most permitted-number-of-calls-in-half-open-state ("
                            + permittedNumberOfCallsInHalfOpenState + "): the trial calls must be able to reach it");
        }
    }

    /**
     * The settings {@link BreakerConfig#settings()} lists: the names and order of {@link #toString()}, without
     * the open-wait and shared (which are code, not values), each value written so that a configuration file
     * accepts it back.
     */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sliding-window-type", slidingWindowType.name());
        settings.put("sliding-window-size", Integer.toString(slidingWindowSize));
        settings.put("sliding-window-max-age", duration(slidingWindowMaxAge));
        settings.put("minimum-number-of-calls", Integer.toString(minimumNumberOfCalls));
        settings.put("failure-rate-threshold", number(failureRateThreshold));
        settings.put("slow-call-rate-threshold", number(slowCallRateThreshold));
        settings.put("slow-call-duration-threshold", duration(slowCallDurationThreshold));
        settings.put("consecutive-failure-threshold", Integer.toString(consecutiveFailureThreshold));
        settings.put("wait-duration-in-open-state", duration(waitDurationInOpenState));
        settings.put("wait-duration-jitter", number(waitDurationJitter));
        settings.put("wait-duration-multiplier", number(waitDurationMultiplier));
        settings.put("max-wait-duration-in-open-state", duration(maxWaitDurationInOpenState));
        settings.put("automatic-transition-to-half-open", Boolean.toString(automaticTransitionToHalfOpen));
        settings.put("permitted-number-of-calls-in-half-open-state",
                Integer.toString(permittedNumberOfCallsInHalfOpenState));
        settings.put("max-wait-duration-in-half-open-state", duration(maxWaitDurationInHalfOpenState));
        settings.put("record-exceptions", classNames(recordExceptions));
        settings.put("ignore-exceptions", classNames(ignoreExceptions));
        settings.put("mode", mode.name());
        settings.put("success-threshold-in-half-open-state", Integer.toString(successThresholdInHalfOpenState));
        return Collections.unmodifiableMap(settings);
    }

    /**
     * A whole number and the largest of {@code s}, {@code ms}, {@code us}, {@code ns} that keeps it whole
     * ({@code 60s}, {@code 1500ms}, {@code 0s}): Spring Boot's simple duration format takes no fractions.
     */
    private static String duration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    /** {@code 50}, {@code 12.5}: a whole number without its {@code .0}. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** {@code 12.5}, not the {@code 12.5000003} a float widened to a double would show. */
    private static String number(float value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Float.toString(value);
    }

    /** Binary names, comma-separated, as a list property accepts them; empty for none. */
    private static String classNames(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getName).collect(Collectors.joining(","));
    }

    /** The settings under their configuration-file names, as {@link BreakerConfig#toString()} shows them. */
    @Override
    public String toString() {
        return "sliding-window-type=" + slidingWindowType
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
                + ", record-exceptions=" + recordExceptions
                + ", ignore-exceptions=" + ignoreExceptions
                + ", mode=" + mode
                + ", success-threshold-in-half-open-state=" + successThresholdInHalfOpenState
                + (openWait != null ? ", open-wait=" + openWait : "")
                + (fleetSync != null ? ", shared=true" : "");
    }
}
