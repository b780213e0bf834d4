package dev.breaker.internal;

import dev.breaker.BreakerListener;
import dev.breaker.CallOutcome;
import dev.breaker.StateTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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

    /** Tells every listener of a committed transition. */
    void transitioned(StateTransition transition) {
        for (BreakerListener listener : all) {
            try {
                listener.onStateTransition(breaker, transition);
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
