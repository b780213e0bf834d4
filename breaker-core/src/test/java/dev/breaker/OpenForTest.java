package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Breaker#openFor}: a dependency says how long to stay away. */
class OpenForTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(1);
    }

    @Test
    void opensAClosedBreakerForExactlyTheWaitThenLetsATrialThrough() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThat(breaker.openFor(Duration.ofSeconds(30), "payments asked to retry after 30s")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30)); // not the configured 60 s
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("payments asked to retry after 30s");
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.execute(() -> "trial")).isEqualTo("trial");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void extendsAShorterOpenWaitButNeverShortensALongerOne() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.openFor(Duration.ofSeconds(30), "first");

        assertThat(breaker.openFor(Duration.ofSeconds(10), "shorter")).isFalse();
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        assertThat(breaker.openFor(Duration.ofSeconds(90), "longer")).isTrue();
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("longer");
    }

    @Test
    void reopensAHalfOpenBreakerAndCountsTheReopening() {
        Breaker breaker = Breaker.of("payment", config().waitDurationMultiplier(2).build());
        breaker.openFor(Duration.ofSeconds(5), "asked");
        clock.advance(Duration.ofSeconds(5));
        breaker.tryAcquirePermission(); // the wait is over: the breaker lets a trial through
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        breaker.openFor(Duration.ofSeconds(5), "asked again");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("still down");
        })).isInstanceOf(IllegalStateException.class);
        // Third opening by the breaker's own rules: 60 s x 2^2.
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void leavesAnOperatorsForcedOpenOrDisabledBreakerAlone() {
        Breaker forced = Breaker.of("payment", config().build());
        forced.transitionToForcedOpenState();
        assertThat(forced.openFor(Duration.ofSeconds(30), "asked")).isFalse();
        assertThat(forced.state()).isEqualTo(BreakerState.FORCED_OPEN);

        Breaker disabled = Breaker.of("search", config().build());
        disabled.transitionToDisabledState();
        assertThat(disabled.openFor(Duration.ofSeconds(30), "asked")).isFalse();
        assertThat(disabled.state()).isEqualTo(BreakerState.DISABLED);
    }

    @Test
    void isSharedWithTheFleetWithItsEndOfWait() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        Breaker breaker = Breaker.of("payment", config().fleetSync(sync).build());
        breaker.openFor(Duration.ofSeconds(30), "asked");

        assertThat(sync.published).hasSize(1);
        FleetTransition shared = sync.published.get(0);
        assertThat(shared.state()).isEqualTo(BreakerState.OPEN);
        assertThat(shared.byOperator()).isFalse();
        assertThat(shared.retryAt()).isEqualTo(clock.now().plusSeconds(30));
    }

    @Test
    void rejectsAWaitThatIsNotPositive() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThatThrownBy(() -> breaker.openFor(Duration.ZERO, "asked"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wait must be positive, was PT0S");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }
}
