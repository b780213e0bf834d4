package dev.breaker.autoconfigure;

import dev.breaker.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/**
 * The {@code retry} settings of a breaker, under {@code defaults}, a profile or an instance. Like the
 * other settings, each one left unset (null) falls through to the level below, key by key: a profile that
 * sets only {@code retry.max-attempts} keeps the {@code retry.wait-duration} of {@code breaker.defaults}.
 */
@ConfigurationPropertiesSource
public class RetryProperties {

    /** Attempts per call, the first included, from 1 (no retry) to 100. Default 1. */
    private @Nullable Integer maxAttempts;

    /** Wait before the first retry; 0 retries at once. Default 500ms. */
    private @Nullable Duration waitDuration;

    /** How the waits grow: fixed, linear (n times the wait) or exponential (times the multiplier each time). Default fixed. */
    private RetryConfig.@Nullable Backoff backoff;

    /** Growth (>= 1) of each wait over the previous one, for exponential backoff. Default 2. */
    private @Nullable Double multiplier;

    /** Cap of every wait, jitter included; 0 means no cap. Default 0. */
    private @Nullable Duration maxWaitDuration;

    /** Random spread of each wait, a ratio in [0, 1] either way, so that callers do not retry in lockstep. Default 0. */
    private @Nullable Double jitter;

    /** Fully-qualified exception classes (and subclasses) that are retried. Default: those the breaker counts as failures. */
    private @Nullable List<String> retryExceptions;

    /** Fully-qualified exception classes (and subclasses) that are never retried; they win over retry-exceptions. */
    private @Nullable List<String> ignoreExceptions;

    public @Nullable Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getWaitDuration() {
        return waitDuration;
    }

    public void setWaitDuration(@Nullable Duration waitDuration) {
        this.waitDuration = waitDuration;
    }

    public RetryConfig.@Nullable Backoff getBackoff() {
        return backoff;
    }

    public void setBackoff(RetryConfig.@Nullable Backoff backoff) {
        this.backoff = backoff;
    }

    public @Nullable Double getMultiplier() {
        return multiplier;
    }

    public void setMultiplier(@Nullable Double multiplier) {
        this.multiplier = multiplier;
    }

    public @Nullable Duration getMaxWaitDuration() {
        return maxWaitDuration;
    }

    public void setMaxWaitDuration(@Nullable Duration maxWaitDuration) {
        this.maxWaitDuration = maxWaitDuration;
    }

    public @Nullable Double getJitter() {
        return jitter;
    }

    public void setJitter(@Nullable Double jitter) {
        this.jitter = jitter;
    }

    public @Nullable List<String> getRetryExceptions() {
        return retryExceptions;
    }

    public void setRetryExceptions(@Nullable List<String> retryExceptions) {
        this.retryExceptions = retryExceptions == null ? null : new ArrayList<>(retryExceptions);
    }

    public @Nullable List<String> getIgnoreExceptions() {
        return ignoreExceptions;
    }

    public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions == null ? null : new ArrayList<>(ignoreExceptions);
    }
}
