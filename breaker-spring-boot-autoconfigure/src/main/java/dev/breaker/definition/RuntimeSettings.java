package dev.breaker.definition;

import dev.breaker.Breaker;
import dev.breaker.SettingsChange;
import java.util.Map;

/** Changes the settings of a running breaker, checked as the configuration is at startup. */
@FunctionalInterface
public interface RuntimeSettings {

    /**
     * Puts {@code settings} on top of the settings {@code breaker} runs on, and applies them with
     * {@link Breaker#reconfigure}; its experiments start again on the new settings.
     *
     * @param settings by configuration-file name ({@code failure-rate-threshold}), each value as a configuration
     *        file or a JSON document writes it ({@code 20}, {@code "15s"}, {@code "count-based"}, {@code true})
     * @param source who asks, kept in the breaker's history (e.g. {@code "actuator"})
     * @return the change as the breaker recorded it
     * @throws BreakerConfigurationException naming {@code breaker.instances.<name>.<setting>} and what it accepts,
     *         for a setting that cannot change at runtime or a bad value; nothing changes then
     */
    SettingsChange apply(Breaker breaker, Map<String, ?> settings, String source);
}
