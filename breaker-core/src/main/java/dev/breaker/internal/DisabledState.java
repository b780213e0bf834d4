package dev.breaker.internal;

import dev.breaker.BreakerState;
import org.jspecify.annotations.Nullable;

/**
 * DISABLED: an operator's bypass. Every call is permitted and nothing is recorded in a window, so the
 * breaker never trips; the lifetime counters still count the calls.
 */
final class DisabledState extends State {

    private final WindowSnapshot empty;

    DisabledState(DefaultBreaker breaker) {
        super(breaker);
        this.empty = WindowSnapshot.empty(config.minimumNumberOfCalls());
    }

    @Override
    BreakerState kind() {
        return BreakerState.DISABLED;
    }

    @Override
    int tryAcquire() {
        return PERMITTED;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
    }

    @Override
    WindowSnapshot snapshot() {
        return empty;
    }
}
