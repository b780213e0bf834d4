package dev.breaker.autoconfigure;

import dev.breaker.Breaker;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Logs every transition of every breaker in the registry (opening at WARN with its reason, the rest at
 * INFO) and publishes it as a {@link BreakerStateChangedEvent}. An observing breaker's transitions are
 * logged the same way, marked as not enforced, and its would-be openings published as
 * {@link BreakerWouldOpenEvent}s. Changes of a breaker's settings while it runs are logged at INFO, with each old and
 * new value, and published as {@link BreakerSettingsChangedEvent}s.
 */
public class BreakerTransitionPublisher implements BreakerListener, InitializingBean {

    private static final Log logger = LogFactory.getLog(Breaker.class);

    private final BreakerRegistry registry;
    private final ApplicationEventPublisher publisher;

    public BreakerTransitionPublisher(BreakerRegistry registry, ApplicationEventPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    @Override
    public void afterPropertiesSet() {
        registry.addBreakerListener(this);
    }

    @Override
    public void onStateTransition(Breaker breaker, StateTransition transition) {
        log("Circuit breaker '" + breaker.name() + "' ", transition);
        publisher.publishEvent(new BreakerStateChangedEvent(breaker, transition));
    }

    @Override
    public void onWouldTransition(Breaker breaker, StateTransition transition) {
        log("Circuit breaker '" + breaker.name() + "' (observe mode, nothing rejected) would go ", transition);
    }

    @Override
    public void onWouldOpen(Breaker breaker, String reason) {
        publisher.publishEvent(new BreakerWouldOpenEvent(breaker, reason));
    }

    @Override
    public void onSettingsChanged(Breaker breaker, SettingsChange change) {
        logger.info("Circuit breaker '" + breaker.name() + "' settings changed by " + change.source() + ": "
                + change.changed().stream().map(s -> s.name() + " " + s.oldValue() + " -> " + s.newValue())
                        .collect(Collectors.joining(", "))
                + "; " + change.effect());
        publisher.publishEvent(new BreakerSettingsChangedEvent(breaker, change));
    }

    private static void log(String prefix, StateTransition transition) {
        String message = prefix + transition.from() + " -> " + transition.to() + ": " + transition.reason();
        if (transition.to() == BreakerState.OPEN || transition.to() == BreakerState.FORCED_OPEN) {
            logger.warn(message);
        } else {
            logger.info(message);
        }
    }
}
