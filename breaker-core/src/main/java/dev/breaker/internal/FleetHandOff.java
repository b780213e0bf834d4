package dev.breaker.internal;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.FleetSync;
import dev.breaker.FleetTransition;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What crosses between a breaker and its fleet: the fleet's view of a transition this breaker made, its
 * publication through {@link FleetSync}, and the state this breaker takes on adopting another instance's
 * transition. A local breaker (no {@code FleetSync}) shares nothing but can still adopt.
 */
final class FleetHandOff {

    /** One millisecond: ends of wait closer than this are the same end, seen from two clocks. */
    private static final long SAME_END_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DefaultBreaker breaker;
    private final @Nullable FleetSync sync;

    FleetHandOff(DefaultBreaker breaker, @Nullable FleetSync sync) {
        this.breaker = breaker;
        this.sync = sync;
    }

    /**
     * The fleet's view of a transition to {@code to}, or null when it is not shared: a local breaker,
     * HALF_OPEN (each instance reaches it on its own clock), a transition adopted from the fleet, or one an
     * observing breaker made by its own rules: it enforces nothing, so it must not make enforcing instances
     * (a rolling change of mode, or of thresholds being tried out) reject calls.
     */
    @Nullable FleetTransition toShare(State to, StateTransition transition, StateMachine.Cause cause) {
        if (sync == null || cause == StateMachine.Cause.FLEET || to.kind() == BreakerState.HALF_OPEN
                || (to.observing() && cause == StateMachine.Cause.RULES)) {
            return null;
        }
        OpenState open = to instanceof OpenState o ? o : null;
        return new FleetTransition(to.kind(), cause == StateMachine.Cause.OPERATOR,
                open != null ? open.reopenCount() : 0, open != null ? open.retryAt() : null, transition.at(),
                transition.reason());
    }

    /** Hands a transition to the fleet; a failing {@link FleetSync} leaves the breaker deciding alone. */
    void publish(FleetTransition shared) {
        if (sync == null) {
            return;
        }
        try {
            sync.publish(breaker, shared);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            DefaultBreaker.LOG.log(System.Logger.Level.WARNING, () -> "Sharing a transition of circuit breaker '"
                    + breaker.name() + "' with the fleet failed; the breaker goes on deciding alone", failure);
        }
    }

    /**
     * The state to move to on adopting {@code transition}, or null when {@code current} already is that
     * state. Already OPEN, only a later end of wait is news (another instance's trials reopened it).
     */
    @Nullable State adopted(State current, FleetTransition transition) {
        BreakerState target = transition.state();
        if (current.kind() == target && target != BreakerState.OPEN) {
            return null;
        }
        return switch (target) {
            case OPEN -> {
                long waitNanos = adoptedWaitNanos(transition);
                if (current instanceof OpenState open && waitNanos <= open.retryAfterNanos() + SAME_END_NANOS) {
                    yield null;
                }
                yield new OpenState(breaker, current.snapshot(), transition.reopenCount(), waitNanos);
            }
            case FORCED_OPEN -> new ForcedOpenState(breaker, current.snapshot());
            case DISABLED -> new DisabledState(breaker);
            case CLOSED -> new ClosedState(breaker);
            default -> throw new IllegalArgumentException(target + " cannot be adopted");
        };
    }

    /** The rest of another instance's open wait, as a wait of our own: never negative, never absurd. */
    private long adoptedWaitNanos(FleetTransition transition) {
        Instant retryAt = Objects.requireNonNull(transition.retryAt(), "retryAt");
        Duration left = Duration.between(breaker.clock().now(), retryAt);
        if (left.isNegative()) {
            return 0;
        }
        return Math.min(left.toNanos(), BreakerConfig.MAX_DURATION.toNanos() * 2);
    }
}
