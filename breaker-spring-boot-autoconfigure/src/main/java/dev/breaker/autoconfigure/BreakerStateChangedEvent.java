package dev.breaker.autoconfigure;

import dev.breaker.Breaker;
import dev.breaker.BreakerState;
import dev.breaker.StateTransition;
import java.time.Instant;
import org.springframework.context.ApplicationEvent;

/** Published when a breaker changes state. Listen with {@code @EventListener}. */
public class BreakerStateChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final transient StateTransition transition;

    public BreakerStateChangedEvent(Breaker breaker, StateTransition transition) {
        super(breaker);
        this.breakerName = breaker.name();
        this.transition = transition;
    }

    /** The breaker that changed. */
    public Breaker getBreaker() {
        return (Breaker) getSource();
    }

    public String getBreakerName() {
        return breakerName;
    }

    public BreakerState getFrom() {
        return transition.from();
    }

    public BreakerState getTo() {
        return transition.to();
    }

    /** Why it changed, e.g. {@code failure rate 62.5% >= 50%}. */
    public String getReason() {
        return transition.reason();
    }

    public Instant getAt() {
        return transition.at();
    }

    @Override
    public String toString() {
        return "BreakerStateChangedEvent[" + breakerName + ": " + transition + "]";
    }
}
