package dev.breaker.autoconfigure;

import dev.breaker.BreakerMode;
import dev.breaker.SlidingWindowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The settings of a breaker, as written under {@code defaults}, a profile or an instance. Unset
 * (null) settings fall through to the level below; the documented defaults are the built-in ones.
 *
 * <p>The value type of {@code profiles} and, through {@link BreakerInstanceProperties}, of {@code instances}: IDEs complete
 * {@code breaker.profiles.<name>.<key>} from this class and its Javadoc. As a properties source, its keys and
 * descriptions are also written on their own to {@code META-INF/spring/configuration-metadata/}, where the
 * configuration processor of another module finds them.
 */
@ConfigurationPropertiesSource
public class BreakerSettingsProperties {

    /** How the window of recent calls is bounded: count-based (last N calls) or time-based (last N seconds). Default count-based. */
    private @Nullable SlidingWindowType slidingWindowType;

    /** Calls (count-based) or seconds (time-based) in the window. Default 100. */
    private @Nullable Integer slidingWindowSize;

    /** Age after which outcomes stop counting in a count-based window, so old successes cannot keep a quiet service "healthy". Default 0 (off). */
    private @Nullable Duration slidingWindowMaxAge;

    /** Calls that must be in the window before the rates are computed. Default 20. */
    private @Nullable Integer minimumNumberOfCalls;

    /** Percentage of failed calls, in (0, 100], that opens the breaker. Default 50. */
    private @Nullable Float failureRateThreshold;

    /** Percentage of slow calls, in (0, 100], that opens the breaker. Default 100. */
    private @Nullable Float slowCallRateThreshold;

    /** Calls that take longer than this are slow. Default 60s. */
    private @Nullable Duration slowCallDurationThreshold;

    /** Failures in a row that open the breaker whatever the rates; 0 turns it off. Default 0. */
    private @Nullable Integer consecutiveFailureThreshold;

    /** How long the breaker stays open before letting trial calls through. Default 60s. */
    private @Nullable Duration waitDurationInOpenState;

    /** Random extra wait, as a ratio in [0, 1] of the wait, so a fleet does not probe in lockstep. Default 0. */
    private @Nullable Double waitDurationJitter;

    /** Growth (>= 1) of the open wait on each consecutive re-open. Default 1. */
    private @Nullable Double waitDurationMultiplier;

    /** Cap of the grown open wait, before jitter; 0 means no cap. Default 0. */
    private @Nullable Duration maxWaitDurationInOpenState;

    /** Whether to move to half-open when the wait ends, without waiting for a call. Default false. */
    private @Nullable Boolean automaticTransitionToHalfOpen;

    /** Trial calls let through while half-open. Default 10. */
    private @Nullable Integer permittedNumberOfCallsInHalfOpenState;

    /** Successful trial calls in a row that close a half-open breaker (a failed or slow one reopens it), at most the permitted trial calls; 0 leaves it to the rates. Default 0. */
    private @Nullable Integer successThresholdInHalfOpenState;

    /** Reopen a breaker that stays half-open longer than this (trial calls that never end); 0 turns it off. Default 0. */
    private @Nullable Duration maxWaitDurationInHalfOpenState;

    /** Fully-qualified exception classes (and subclasses) that count as failures; others count as successes. Default: every exception is a failure. */
    private @Nullable List<String> recordExceptions;

    /** Fully-qualified exception classes (and subclasses) that count as neither failure nor success; they win over record-exceptions. */
    private @Nullable List<String> ignoreExceptions;

    /** Whether the breaker rejects calls while open (enforce) or only records and reports what it would do (observe). Default enforce. */
    private @Nullable BreakerMode mode;

    /** Whether an open breaker makes the health status DEGRADED. Default true. */
    private @Nullable Boolean affectsHealth;

    /** Whether the breaker shares its state with the application's other instances through Redis (see breaker.shared). Default false. */
    private @Nullable Boolean shared;

    /** Longest a call may take: a later one fails with a TimeoutException, counted as a failure; 0 turns it off. Default off. */
    private @Nullable Duration timeout;

    /** Calls let through at the same time (a bulkhead); one more is rejected with BulkheadFullException; 0 means unlimited. Default unlimited. */
    private @Nullable Integer maxConcurrentCalls;

    /** How long a call waits for a free bulkhead slot before it is rejected. Default 0 (fail fast). */
    private @Nullable Duration maxWaitDuration;

    /** Retries of failed calls, each attempt passing through the breaker. Default: no retry. */
    @NestedConfigurationProperty
    private @Nullable RetryProperties retry;

    /** Check of the dependency's health outside the calls: a dependency found down opens the breaker and holds its trial calls. Default: no check. */
    @NestedConfigurationProperty
    private @Nullable HealthCheckProperties healthCheck;

    public @Nullable SlidingWindowType getSlidingWindowType() {
        return slidingWindowType;
    }

    public void setSlidingWindowType(@Nullable SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public @Nullable Integer getSlidingWindowSize() {
        return slidingWindowSize;
    }

    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public @Nullable Duration getSlidingWindowMaxAge() {
        return slidingWindowMaxAge;
    }

    public void setSlidingWindowMaxAge(@Nullable Duration slidingWindowMaxAge) {
        this.slidingWindowMaxAge = slidingWindowMaxAge;
    }

    public @Nullable Integer getMinimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public @Nullable Float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public @Nullable Float getSlowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    public void setSlowCallRateThreshold(@Nullable Float slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public @Nullable Duration getSlowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    public @Nullable Integer getConsecutiveFailureThreshold() {
        return consecutiveFailureThreshold;
    }

    public void setConsecutiveFailureThreshold(@Nullable Integer consecutiveFailureThreshold) {
        this.consecutiveFailureThreshold = consecutiveFailureThreshold;
    }

    public @Nullable Duration getWaitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
        this.waitDurationInOpenState = waitDurationInOpenState;
    }

    public @Nullable Double getWaitDurationJitter() {
        return waitDurationJitter;
    }

    public void setWaitDurationJitter(@Nullable Double waitDurationJitter) {
        this.waitDurationJitter = waitDurationJitter;
    }

    public @Nullable Double getWaitDurationMultiplier() {
        return waitDurationMultiplier;
    }

    public void setWaitDurationMultiplier(@Nullable Double waitDurationMultiplier) {
        this.waitDurationMultiplier = waitDurationMultiplier;
    }

    public @Nullable Duration getMaxWaitDurationInOpenState() {
        return maxWaitDurationInOpenState;
    }

    public void setMaxWaitDurationInOpenState(@Nullable Duration maxWaitDurationInOpenState) {
        this.maxWaitDurationInOpenState = maxWaitDurationInOpenState;
    }

    public @Nullable Boolean getAutomaticTransitionToHalfOpen() {
        return automaticTransitionToHalfOpen;
    }

    public void setAutomaticTransitionToHalfOpen(@Nullable Boolean automaticTransitionToHalfOpen) {
        this.automaticTransitionToHalfOpen = automaticTransitionToHalfOpen;
    }

    public @Nullable Integer getPermittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    public void setPermittedNumberOfCallsInHalfOpenState(@Nullable Integer permittedNumberOfCallsInHalfOpenState) {
        this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
    }

    public @Nullable Integer getSuccessThresholdInHalfOpenState() {
        return successThresholdInHalfOpenState;
    }

    public void setSuccessThresholdInHalfOpenState(@Nullable Integer successThresholdInHalfOpenState) {
        this.successThresholdInHalfOpenState = successThresholdInHalfOpenState;
    }

    public @Nullable Duration getMaxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    public void setMaxWaitDurationInHalfOpenState(@Nullable Duration maxWaitDurationInHalfOpenState) {
        this.maxWaitDurationInHalfOpenState = maxWaitDurationInHalfOpenState;
    }

    public @Nullable List<String> getRecordExceptions() {
        return recordExceptions;
    }

    public void setRecordExceptions(@Nullable List<String> recordExceptions) {
        this.recordExceptions = recordExceptions == null ? null : new ArrayList<>(recordExceptions);
    }

    public @Nullable List<String> getIgnoreExceptions() {
        return ignoreExceptions;
    }

    public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions == null ? null : new ArrayList<>(ignoreExceptions);
    }

    public @Nullable BreakerMode getMode() {
        return mode;
    }

    public void setMode(@Nullable BreakerMode mode) {
        this.mode = mode;
    }

    public @Nullable Boolean getShared() {
        return shared;
    }

    public void setShared(@Nullable Boolean shared) {
        this.shared = shared;
    }

    public @Nullable Boolean getAffectsHealth() {
        return affectsHealth;
    }

    public void setAffectsHealth(@Nullable Boolean affectsHealth) {
        this.affectsHealth = affectsHealth;
    }

    public @Nullable Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    public @Nullable Integer getMaxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    public @Nullable Duration getMaxWaitDuration() {
        return maxWaitDuration;
    }

    public void setMaxWaitDuration(@Nullable Duration maxWaitDuration) {
        this.maxWaitDuration = maxWaitDuration;
    }

    public @Nullable RetryProperties getRetry() {
        return retry;
    }

    public void setRetry(@Nullable RetryProperties retry) {
        this.retry = retry;
    }

    public @Nullable HealthCheckProperties getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(@Nullable HealthCheckProperties healthCheck) {
        this.healthCheck = healthCheck;
    }
}
