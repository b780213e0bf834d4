package dev.breaker.autoconfigure;

import dev.breaker.Breaker;
import org.springframework.context.ApplicationEvent;

/**
 * Published when an observing breaker ({@code mode: observe}) would have opened: its rules tripped, but it
 * rejects nothing. The signal to watch while trying a breaker or a threshold out; listen with
 * {@code @EventListener}. An enforcing breaker's opening is a {@link BreakerStateChangedEvent} instead.
 */
public class BreakerWouldOpenEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final String reason;

    public BreakerWouldOpenEvent(Breaker breaker, String reason) {
        super(breaker);
        this.breakerName = breaker.name();
        this.reason = reason;
    }

    /** The observing breaker. */
    public Breaker getBreaker() {
        return (Breaker) getSource();
    }

    public String getBreakerName() {
        return breakerName;
    }

    /** Why it would have opened, e.g. {@code failure rate 62.5% >= 50%}. */
    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "BreakerWouldOpenEvent[" + breakerName + ": " + reason + "]";
    }
}
