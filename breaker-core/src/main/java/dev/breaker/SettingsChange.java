package dev.breaker;

import java.time.Instant;
import java.util.List;

/**
 * One change of a breaker's settings while it runs ({@link Breaker#reconfigure}), as kept in
 * {@link Breaker#settingsChanges()}.
 *
 * @param time when it was applied
 * @param source who applied it (e.g. "actuator", "environment change", "api")
 * @param changed each setting that changed, under its configuration-file name, with its old and new value
 * @param windowKept whether the outcomes in the window were kept; false when the window's type or size changed
 *        (or the breaker was not CLOSED), see {@link #effect()}
 * @param effect what happened to the state and the window, in words (e.g. "state OPEN kept, 12s of its wait
 *        left"; "state CLOSED, window emptied: sliding-window-size 100 -> 50")
 */
public record SettingsChange(Instant time, String source, List<Setting> changed, boolean windowKept, String effect) {

    public SettingsChange {
        changed = List.copyOf(changed);
    }

    /** One setting that changed, as {@link BreakerConfig#settings()} writes it. */
    public record Setting(String name, String oldValue, String newValue) {
    }
}
