package dev.breaker.autoconfigure;

import dev.breaker.Breaker;
import dev.breaker.SettingsChange;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEvent;

/**
 * Published when a breaker's settings change while it runs (the endpoint, a change of the {@code breaker.*}
 * properties, {@link Breaker#reconfigure}). Listen with {@code @EventListener}.
 */
public class BreakerSettingsChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final transient SettingsChange change;

    public BreakerSettingsChangedEvent(Breaker breaker, SettingsChange change) {
        super(breaker);
        this.breakerName = breaker.name();
        this.change = change;
    }

    /** The breaker whose settings changed. */
    public Breaker getBreaker() {
        return (Breaker) getSource();
    }

    public String getBreakerName() {
        return breakerName;
    }

    /** The change as the breaker keeps it in {@link Breaker#settingsChanges()}. */
    public SettingsChange getChange() {
        return change;
    }

    /** Who changed them ({@link SettingsChange#source()}), e.g. {@code actuator} or {@code environment change}. */
    public String getChangeSource() {
        return change.source();
    }

    /** Each setting that changed, with its old and new value. */
    public List<SettingsChange.Setting> getChanged() {
        return change.changed();
    }

    public Instant getAt() {
        return change.time();
    }

    @Override
    public String toString() {
        return "BreakerSettingsChangedEvent[" + breakerName + ": " + change + "]";
    }
}
