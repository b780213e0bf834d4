package dev.breaker.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/**
 * The {@code recording} settings of a breaker, under {@code defaults}, a profile or an instance: a bounded ring of
 * its calls and state changes, exported from {@code /actuator/circuitbreakers/<name>/recording} and replayed through
 * other settings with the core's {@code Replayer}. Each key falls through the levels like the other settings.
 */
@ConfigurationPropertiesSource
public class RecordingProperties {

    /** {@code max-events} when no level sets it. */
    static final int DEFAULT_MAX_EVENTS = 100_000;

    /** Whether the breaker's calls and state changes are recorded. Default false. */
    private @Nullable Boolean enabled;

    /** Events kept, from 1 to 10000000; the oldest are dropped first. Default 100000. */
    private @Nullable Integer maxEvents;

    public @Nullable Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Integer getMaxEvents() {
        return maxEvents;
    }

    public void setMaxEvents(@Nullable Integer maxEvents) {
        this.maxEvents = maxEvents;
    }
}
