package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Breaker#openByCheck}: a check outside the calls opens the breaker. */
class OpenByCheckTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    @Test
    void opensAClosedBreakerWithItsNormalWaitAndTheChecksReason() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThat(breaker.openByCheck("health check of payments failed")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("health check of payments failed");
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);

        clock.advance(Duration.ofSeconds(60));
        breaker.execute(() -> "trial");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void reopensAHalfOpenBreakerCountingTheReopening() {
        Breaker breaker = Breaker.of("payment", config().waitDurationMultiplier(2).build());
        breaker.transitionToHalfOpenState();
        assertThat(breaker.openByCheck("health check failed")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void doesNothingToAnOpenForcedOpenOrDisabledBreaker() {
        Breaker open = Breaker.of("payment", config().build());
        open.openByCheck("first check");
        clock.advance(Duration.ofSeconds(10));
        assertThat(open.openByCheck("second check")).isFalse();
        assertThat(open.transitions()).hasSize(1);
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(50)); // the wait is not restarted

        Breaker forced = Breaker.of("search", config().build());
        forced.transitionToForcedOpenState();
        assertThat(forced.openByCheck("check")).isFalse();
        assertThat(forced.state()).isEqualTo(BreakerState.FORCED_OPEN);

        Breaker disabled = Breaker.of("ledger", config().build());
        disabled.transitionToDisabledState();
        assertThat(disabled.openByCheck("check")).isFalse();
        assertThat(disabled.state()).isEqualTo(BreakerState.DISABLED);
    }

    @Test
    void isSharedWithTheFleetLikeTheBreakersOwnOpeningWithItsEndOfWait() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        Breaker breaker = Breaker.of("payment", config().fleetSync(sync).build());
        breaker.openByCheck("health check failed");

        assertThat(sync.published).singleElement().satisfies(shared -> {
            assertThat(shared.state()).isEqualTo(BreakerState.OPEN);
            assertThat(shared.byOperator()).isFalse();
            assertThat(shared.retryAt()).isEqualTo(clock.now().plusSeconds(60));
            assertThat(shared.reason()).isEqualTo("health check failed");
        });
    }
}
