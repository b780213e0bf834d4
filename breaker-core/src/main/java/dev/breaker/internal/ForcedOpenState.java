package dev.breaker.internal;

import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** FORCED_OPEN: an operator's stop. Every call is rejected; the figures stay as they were when forced. */
final class ForcedOpenState extends State {

    private final WindowSnapshot frozen;
    private final CallNotPermittedException rejection;

    ForcedOpenState(DefaultBreaker breaker, WindowSnapshot frozen) {
        super(breaker);
        this.frozen = frozen;
        this.rejection = new CallNotPermittedException(breaker.name(), BreakerState.FORCED_OPEN, Duration.ZERO);
    }

    @Override
    BreakerState kind() {
        return BreakerState.FORCED_OPEN;
    }

    @Override
    int tryAcquire() {
        return REJECTED;
    }

    @Override
    CallNotPermittedException rejection() {
        return rejection;
    }

    @Override
    void record(int code, @Nullable Throwable error) {
    }

    @Override
    WindowSnapshot snapshot() {
        return frozen;
    }
}
