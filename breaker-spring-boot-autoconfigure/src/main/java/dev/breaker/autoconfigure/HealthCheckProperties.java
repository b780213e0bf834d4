package dev.breaker.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/**
 * The {@code health-check} settings of a breaker, under {@code defaults}, a profile or an instance: a check of the
 * dependency's health outside the calls. Its target ({@code indicator} or {@code url}) comes from the deepest
 * level that sets one of the two; {@code interval}, {@code timeout} and {@code unhealthy-threshold} fall through
 * key by key like the other settings.
 */
@ConfigurationPropertiesSource
public class HealthCheckProperties {

    /** Spring Boot health contributor to check, by name or path (db, redis, a composite's member as db/primary); an empty value turns an inherited check off. */
    private @Nullable String indicator;

    /** URL to check with an HTTP GET instead of a contributor: a 2xx answer is healthy; an empty value turns an inherited check off. */
    private @Nullable String url;

    /** Time from one check to the next. Default 15s. */
    private @Nullable Duration interval;

    /** Longest a check may take; a later answer counts as unhealthy. Default 2s. */
    private @Nullable Duration timeout;

    /** Unhealthy checks in a row that open the breaker and hold its trial calls until a check is healthy again. Default 3. */
    private @Nullable Integer unhealthyThreshold;

    public @Nullable String getIndicator() {
        return indicator;
    }

    public void setIndicator(@Nullable String indicator) {
        this.indicator = indicator;
    }

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public @Nullable Duration getInterval() {
        return interval;
    }

    public void setInterval(@Nullable Duration interval) {
        this.interval = interval;
    }

    public @Nullable Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    public @Nullable Integer getUnhealthyThreshold() {
        return unhealthyThreshold;
    }

    public void setUnhealthyThreshold(@Nullable Integer unhealthyThreshold) {
        this.unhealthyThreshold = unhealthyThreshold;
    }
}
