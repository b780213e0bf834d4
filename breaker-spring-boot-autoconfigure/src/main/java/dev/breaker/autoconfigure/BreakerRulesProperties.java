package dev.breaker.autoconfigure;

import dev.breaker.SlidingWindowType;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/**
 * The rules of a breaker's state machine: its window, thresholds, open waits and trial calls. They are the settings
 * an experiment can try ({@code experiments.<name>.*}) and the ones that can change while the application runs
 * (the endpoint's {@code settings}, a change of the environment), since a breaker can take them without being
 * rebuilt. Unset (null) settings fall through to the level below; the documented defaults are the built-in ones.
 */
@ConfigurationPropertiesSource
public class BreakerRulesProperties {

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
}
