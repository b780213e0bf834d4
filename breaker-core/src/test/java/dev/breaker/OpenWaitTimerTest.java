package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The timer of {@code automatic-transition-to-half-open}: it moves an OPEN breaker to HALF_OPEN when the
 * wait ends, and whichever way the breaker leaves OPEN first, the timer goes with it instead of holding
 * the task (and through it the breaker) on the scheduler for the rest of the wait.
 */
class OpenWaitTimerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant ELSEWHERE = Instant.parse("2025-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock();

    private Breaker opened() {
        Breaker breaker = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4).waitDurationInOpenState(WAIT)
                .automaticTransitionToHalfOpen(true).permittedNumberOfCallsInHalfOpenState(2).build());
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(clock.pendingTasks()).as("the open wait's timer").isEqualTo(1);
        return breaker;
    }

    @Test
    void movesToHalfOpenAtTheEndOfTheWaitAndLeavesNoTask() {
        Breaker breaker = opened();
        clock.advance(WAIT.minusMillis(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(clock.pendingTasks()).as(clock.toString()).isZero();
    }

    static Stream<Named<Consumer<Breaker>>> waysOutOfOpen() {
        return Stream.of(
                Named.of("forced open", Breaker::transitionToForcedOpenState),
                Named.of("disabled", Breaker::transitionToDisabledState),
                Named.of("closed by an operator", Breaker::transitionToClosedState),
                Named.of("reset", Breaker::reset),
                Named.of("adopting CLOSED", b -> assertThat(b.adopt(adopted(BreakerState.CLOSED))).isTrue()),
                Named.of("adopting FORCED_OPEN", b -> assertThat(b.adopt(adopted(BreakerState.FORCED_OPEN))).isTrue()),
                Named.of("adopting DISABLED", b -> assertThat(b.adopt(adopted(BreakerState.DISABLED))).isTrue()));
    }

    private static FleetTransition adopted(BreakerState state) {
        return new FleetTransition(state, true, 0, null, ELSEWHERE, "instance b: " + state);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waysOutOfOpen")
    void leavingOpenCancelsTheTimer(Consumer<Breaker> leave) {
        Breaker breaker = opened();
        leave.accept(breaker);
        BreakerState left = breaker.state();
        assertThat(left).isNotEqualTo(BreakerState.OPEN);
        assertThat(clock.pendingTasks()).as(clock.toString()).isZero();

        clock.advance(WAIT);
        assertThat(breaker.state()).isEqualTo(left);
    }

    @Test
    void adoptingALaterEndOfWaitReplacesTheTimerRatherThanAddingOne() {
        Breaker breaker = opened();
        for (int later = 1; later <= 5; later++) {
            Instant retryAt = clock.now().plus(WAIT).plusSeconds(10L * later);
            assertThat(breaker.adopt(new FleetTransition(BreakerState.OPEN, false, later, retryAt, clock.now(),
                    "instance b: trial calls failed"))).isTrue();
            assertThat(clock.pendingTasks()).as(clock.toString()).isEqualTo(1);
        }

        clock.advance(WAIT.plusSeconds(49));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(clock.pendingTasks()).isZero();
    }
}
