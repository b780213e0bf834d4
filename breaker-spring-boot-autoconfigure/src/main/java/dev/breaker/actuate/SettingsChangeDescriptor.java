package dev.breaker.actuate;

import dev.breaker.SettingsChange;
import java.util.List;

/**
 * One change of a breaker's settings while it ran: when (an ISO-8601 instant), who made it ({@code actuator},
 * {@code environment change}, ...), each setting with its old and new value as a configuration file writes them,
 * whether the window's outcomes were kept, and what happened to the state and the window, in words.
 */
public record SettingsChangeDescriptor(String time, String source, List<SettingDescriptor> changed, boolean windowKept,
        String effect) {

    static List<SettingsChangeDescriptor> of(List<SettingsChange> changes) {
        return changes.stream().map(SettingsChangeDescriptor::of).toList();
    }

    static SettingsChangeDescriptor of(SettingsChange change) {
        return new SettingsChangeDescriptor(change.time().toString(), change.source(),
                change.changed().stream().map(s -> new SettingDescriptor(s.name(), s.oldValue(), s.newValue())).toList(),
                change.windowKept(), change.effect());
    }

    /** One setting that changed, under its configuration-file name. */
    public record SettingDescriptor(String name, String oldValue, String newValue) {
    }
}
