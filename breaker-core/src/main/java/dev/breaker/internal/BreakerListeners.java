package dev.breaker.internal;

import dev.breaker.BreakerListener;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The listeners of one breaker: who is registered, and handing each event to every one of them so that
 * a listener that throws is logged and never reaches the breaker or the listeners after it.
 *
 * <p>The listeners that want call outcomes are also published to {@link DefaultBreaker#callListeners},
 * which every call reads: a call pays one field read, not a hop to this object, when nobody listens.
 */
final class BreakerListeners {

    static final BreakerListener[] NONE = {};

    private final DefaultBreaker breaker;
    private final Object lock = new Object();
    private volatile BreakerListener[] all = NONE;

    BreakerListeners(DefaultBreaker breaker) {
        this.breaker = breaker;
    }

    void add(BreakerListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            List<BreakerListener> next = new ArrayList<>(Arrays.asList(all));
            next.add(listener);
            publish(next);
        }
    }

    void remove(BreakerListener listener) {
        synchronized (lock) {
            List<BreakerListener> next = new ArrayList<>(Arrays.asList(all));
            next.remove(listener);
            publish(next);
        }
    }

    /** Under the lock, so that two changes can never publish their arrays in the wrong order. */
    private void publish(List<BreakerListener> next) {
        all = next.toArray(NONE);
        breaker.callListeners = next.stream().filter(BreakerListener::receivesCallOutcomes)
                .toArray(BreakerListener[]::new);
    }

    /**
     * Tells every listener of a committed transition. An observing breaker's listeners hear the machine's
     * transition through {@code onWouldTransition} (and {@code onWouldOpen} on entering OPEN), and through
     * {@code onStateTransition} only when what the breaker enforces changes, with OPEN and HALF_OPEN shown as
     * the CLOSED they enforce.
     *
     * @param observing whether the breaker was observing when it made the transition
     */
    void transitioned(StateTransition transition, boolean observing) {
        if (!observing) {
            tell(listener -> listener.onStateTransition(breaker, transition));
            return;
        }
        tell(listener -> listener.onWouldTransition(breaker, transition));
        if (transition.to() == BreakerState.OPEN && transition.from() != BreakerState.OPEN) {
            tell(listener -> listener.onWouldOpen(breaker, transition.reason()));
        }
        BreakerState from = enforced(transition.from());
        BreakerState to = enforced(transition.to());
        if (from != to) {
            StateTransition enforced = new StateTransition(transition.at(), from, to, transition.reason());
            tell(listener -> listener.onStateTransition(breaker, enforced));
        }
    }

    /** What an observing breaker enforces in {@code state} of its machine. */
    private static BreakerState enforced(BreakerState state) {
        return state == BreakerState.OPEN || state == BreakerState.HALF_OPEN ? BreakerState.CLOSED : state;
    }

    /** Tells every listener of a change of settings ({@link dev.breaker.Breaker#reconfigure}). */
    void settingsChanged(SettingsChange change) {
        tell(listener -> listener.onSettingsChanged(breaker, change));
    }

    /** Tells every listener which rates an evaluation found at or above their thresholds. */
    void ratesExceeded(WindowSnapshot window, float failureRateThreshold, float slowCallRateThreshold) {
        if (!window.rated()) {
            return;
        }
        if (window.failureRate() >= failureRateThreshold) {
            float rate = (float) window.failureRate();
            tell(listener -> listener.onFailureRateExceeded(breaker, rate, failureRateThreshold));
        }
        if (window.slowCallRate() >= slowCallRateThreshold) {
            float rate = (float) window.slowCallRate();
            tell(listener -> listener.onSlowCallRateExceeded(breaker, rate, slowCallRateThreshold));
        }
    }

    /** Gives one event to every listener; events are rare (not per call), so a lambda per event is fine. */
    private void tell(Consumer<BreakerListener> event) {
        for (BreakerListener listener : all) {
            try {
                event.accept(listener);
            } catch (Throwable failure) {
                failed(listener, failure);
            }
        }
    }

    /** Tells {@code interested} (the breaker's call listeners, read once by the call) how a call ended. */
    void called(BreakerListener[] interested, CallOutcome outcome, boolean slow, long nanos,
            @Nullable Throwable error) {
        for (BreakerListener listener : interested) {
            try {
                listener.onCall(breaker, outcome, slow, nanos, error);
            } catch (Throwable failure) {
                failed(listener, failure);
            }
        }
    }

    private void failed(BreakerListener listener, Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        DefaultBreaker.LOG.log(System.Logger.Level.WARNING, () -> "Listener " + listener + " of circuit breaker '"
                + breaker.name() + "' threw; the breaker is unaffected", failure);
    }
}
