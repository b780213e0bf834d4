package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Breaker#holdTrials}: an OPEN breaker stays OPEN while trial calls are held. */
class HoldTrialsTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    private static void rejected(Breaker breaker) {
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void keepsTheBreakerOpenOverSeveralWaitsWithTheReasonInTheHistoryUntilReleased() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.openByCheck("health check failed");
        breaker.holdTrials("payments in maintenance");
        assertThat(breaker.trialsHeld()).contains("payments in maintenance");

        for (int wait = 1; wait <= 3; wait++) {
            clock.advance(Duration.ofSeconds(60));
            rejected(breaker);
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        }
        assertThat(breaker.transitions()).hasSize(4).first().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.OPEN);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.reason()).isEqualTo("trial calls held: payments in maintenance");
        });

        breaker.holdTrials(null);
        assertThat(breaker.trialsHeld()).isEmpty();
        rejected(breaker); // the wait running goes on
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.execute(() -> "trial")).isEqualTo("trial");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("open wait of 60s elapsed");
    }

    @Test
    void holdsAnAutomaticTransitionToHalfOpenToo() {
        Breaker breaker = Breaker.of("payment", config().automaticTransitionToHalfOpen(true).build());
        breaker.holdTrials("deploy in progress");
        breaker.openByCheck("health check failed");

        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("trial calls held: deploy in progress");
        assertThat(clock.pendingTasks()).isEqualTo(1); // the next wait's timer, and only it

        breaker.holdTrials(null);
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void eachHeldWaitIsSharedWithTheFleetSoItDoesNotProbeEither() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        Breaker breaker = Breaker.of("payment", config().fleetSync(sync).build());
        breaker.openByCheck("health check failed");
        breaker.holdTrials("maintenance");
        clock.advance(Duration.ofSeconds(60));
        rejected(breaker);

        assertThat(sync.published).hasSize(2);
        assertThat(sync.published.get(1).state()).isEqualTo(BreakerState.OPEN);
        assertThat(sync.published.get(1).retryAt()).isEqualTo(clock.now().plusSeconds(60));
    }
}
