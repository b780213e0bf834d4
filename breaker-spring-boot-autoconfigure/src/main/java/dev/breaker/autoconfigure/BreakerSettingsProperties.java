package dev.breaker.autoconfigure;

import dev.breaker.BreakerMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The settings of a breaker, as written under {@code defaults}, a profile or an instance: the rules of its state
 * machine ({@link BreakerRulesProperties}), then what counts as a failure, its mode, the layers around it, its health
 * check, and its experiments and recording. Unset (null) settings fall through to the level below; the documented
 * defaults are the built-in ones.
 *
 * <p>The value type of {@code profiles} and, through {@link BreakerInstanceProperties}, of {@code instances}: IDEs complete
 * {@code breaker.profiles.<name>.<key>} from this class and its Javadoc. As a properties source, its keys and
 * descriptions are also written on their own to {@code META-INF/spring/configuration-metadata/}, where the
 * configuration processor of another module finds them.
 */
@ConfigurationPropertiesSource
public class BreakerSettingsProperties extends BreakerRulesProperties {

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

    /** Whether a shared breaker also opens on the failure and slow-call rates of the whole fleet's calls over its window, counted per second in Redis, and lets the fleet judge its trial calls in total (needs shared: true and a time-based sliding window). Default false. */
    private @Nullable Boolean sharedWindow;

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

    /** Candidate settings judged against this breaker's own calls without changing any, by experiment name: each sets some of the breaker's rules (failure-rate-threshold, sliding-window-size, wait-duration-in-open-state, ...) on top of the breaker's settings. A profile's or instance's experiment replaces one of the same name from the level below. Default: no experiments. */
    private Map<String, BreakerRulesProperties> experiments = new LinkedHashMap<>();

    /** Recording of the breaker's calls and state changes, for replaying them through other settings. Default: off. */
    @NestedConfigurationProperty
    private @Nullable RecordingProperties recording;

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

    public @Nullable Boolean getSharedWindow() {
        return sharedWindow;
    }

    public void setSharedWindow(@Nullable Boolean sharedWindow) {
        this.sharedWindow = sharedWindow;
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

    public Map<String, BreakerRulesProperties> getExperiments() {
        return experiments;
    }

    public void setExperiments(Map<String, BreakerRulesProperties> experiments) {
        this.experiments = experiments;
    }

    public @Nullable RecordingProperties getRecording() {
        return recording;
    }

    public void setRecording(@Nullable RecordingProperties recording) {
        this.recording = recording;
    }
}
