package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code success-threshold-in-half-open-state}: N good trial calls in a row close, one bad one reopens. */
class SuccessThresholdTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(5);
    }

    private Breaker halfOpen(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        breaker.transitionToOpenState();
        clock.advance(Duration.ofSeconds(60));
        breaker.transitionToHalfOpenState();
        return breaker;
    }

    private static void fail(Breaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("down");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closesOnlyAfterTheThresholdOfSuccessfulTrialCallsInARow() {
        Breaker breaker = halfOpen(config().successThresholdInHalfOpenState(3).build());
        breaker.execute(() -> "ok");
        breaker.execute(() -> "ok");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        breaker.execute(() -> "ok"); // 3 of the 5 permitted: enough
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("3 successful trial calls in a row");
    }

    @Test
    void aFailedTrialCallReopensAtOnceWhereTheRatesWouldWait() {
        Breaker byRates = halfOpen(config().build());
        byRates.execute(() -> "ok");
        fail(byRates); // 1 failure of 5 trials can still end below 50%
        assertThat(byRates.state()).isEqualTo(BreakerState.HALF_OPEN);

        Breaker bySuccesses = halfOpen(config().successThresholdInHalfOpenState(3).build());
        bySuccesses.execute(() -> "ok");
        fail(bySuccesses);
        assertThat(bySuccesses.state()).isEqualTo(BreakerState.OPEN);
        assertThat(bySuccesses.transitions().get(0).reason())
                .isEqualTo("a trial call failed after 1 of 3 successful trial calls needed to close");
    }

    @Test
    void aSlowTrialCallReopensAtOnce() {
        Breaker breaker = halfOpen(config().successThresholdInHalfOpenState(2).build());
        breaker.execute(() -> {
            clock.advance(Duration.ofSeconds(2));
            return "slow but fine";
        });
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("a trial call was slow after 0 of 2 successful trial calls needed to close");
    }

    @Test
    void anIgnoredTrialCallNeitherBreaksNorExtendsTheRun() {
        Breaker breaker = halfOpen(config().successThresholdInHalfOpenState(2)
                .ignoreExceptions(IllegalArgumentException.class).build());
        breaker.execute(() -> "ok");
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        breaker.execute(() -> "ok");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }
}
