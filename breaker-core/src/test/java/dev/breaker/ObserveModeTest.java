package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link BreakerMode#OBSERVE}: the machine decides as usual, nothing is rejected, the listeners hear it. */
class ObserveModeTest {

    private final ManualClock clock = new ManualClock();
    private final Heard heard = new Heard();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock).mode(BreakerMode.OBSERVE)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    private Breaker breaker(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        breaker.addListener(heard);
        return breaker;
    }

    private static void fail(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class).hasMessage("down"); // ran: not a rejection
        }
    }

    @Test
    void failuresPastTheThresholdRejectNothingAndTheBreakerReportsClosedWhileItWouldBeOpen() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 10);

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.mode()).isEqualTo(BreakerMode.OBSERVE);
        assertThat(metrics.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(metrics.wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(metrics.failedCallsTotal()).isEqualTo(10);
        assertThat(metrics.notPermittedCallsTotal()).isZero();
        assertThat(metrics.failedCalls()).isEqualTo(4); // the window that tripped it, as when enforcing
        assertThat(breaker.retryAfter()).isZero(); // nothing is rejected, so there is nothing to wait for
        assertThat(breaker.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.reason()).isEqualTo("failure rate 100% >= 50%");
        });
    }

    @Test
    void onWouldOpenIsHeardOnceWithTheReasonAndNoEnforcedTransitionAtAll() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 10);

        assertThat(heard.wouldOpen).containsExactly("failure rate 100% >= 50%");
        assertThat(heard.would).extracting(StateTransition::to).containsExactly(BreakerState.OPEN);
        assertThat(heard.enforced).isEmpty();
    }

    @Test
    void theMachinesWaitHalfOpenAndCloseCanBeFollowedThroughWouldBeState() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 4);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);

        clock.advance(Duration.ofSeconds(59));
        breaker.execute(() -> "during the wait");
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(1));
        breaker.execute(() -> "trial 1");
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        breaker.execute(() -> "trial 2");

        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.CLOSED);
        assertThat(heard.would).extracting(t -> t.from() + " -> " + t.to())
                .containsExactly("CLOSED -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> CLOSED");
        assertThat(heard.enforced).isEmpty();
    }

    @Test
    void callsDuringTheWouldBeOpenWaitRunButCountOnlyInTheTotals() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 4);
        breaker.execute(() -> "ok");
        fail(breaker, 2);

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.bufferedCalls()).isEqualTo(4);
        assertThat(metrics.failedCalls()).isEqualTo(4);
        assertThat(metrics.successfulCallsTotal()).isEqualTo(1);
        assertThat(metrics.failedCallsTotal()).isEqualTo(6);
    }

    @Test
    void callsBeyondTheTrialCallsRunWithoutCountingAsTrials() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(60));
        Breaker.Permit trial1 = breaker.acquirePermit();
        Breaker.Permit trial2 = breaker.acquirePermit();
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.HALF_OPEN);

        fail(breaker, 3); // an enforcing breaker would reject these; counted as trials they would reopen it
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.HALF_OPEN);
        trial1.onSuccess(1_000);
        trial2.onSuccess(1_000);

        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().failedCallsTotal()).isEqualTo(7);
        assertThat(breaker.metrics().notPermittedCallsTotal()).isZero();
    }

    @Test
    void anOperatorsForcedOpenIsEnforcedAndHeardAsLeavingTheClosedStateItEnforced() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 4);
        breaker.transitionToForcedOpenState();

        assertThat(breaker.state()).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.FORCED_OPEN);
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(heard.enforced).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED); // what it enforced, not the machine's OPEN
            assertThat(t.to()).isEqualTo(BreakerState.FORCED_OPEN);
        });
        assertThat(heard.would).extracting(t -> t.from() + " -> " + t.to())
                .containsExactly("CLOSED -> OPEN", "OPEN -> FORCED_OPEN");

        breaker.reset();
        assertThat(breaker.execute(() -> "flows again")).isEqualTo("flows again");
    }

    @Test
    void itsOwnOpeningsStayOffTheFleetButAnOperatorsAreShared() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        Breaker breaker = breaker(config().fleetSync(sync).build());
        fail(breaker, 4);
        breaker.openByCheck("ignored: already open");
        assertThat(sync.published).isEmpty();

        breaker.transitionToForcedOpenState();
        assertThat(sync.published).extracting(FleetTransition::state).containsExactly(BreakerState.FORCED_OPEN);
    }

    @Test
    void anEnforcingBreakerWouldBeWhereItIsAndHearsNoWouldBeEvents() {
        Breaker breaker = breaker(config().mode(BreakerMode.ENFORCE).build());
        fail(breaker, 4);

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.metrics().mode()).isEqualTo(BreakerMode.ENFORCE);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(heard.enforced).extracting(StateTransition::to).containsExactly(BreakerState.OPEN);
        assertThat(heard.would).isEmpty();
        assertThat(heard.wouldOpen).isEmpty();
    }

    /** What the listener heard, by kind. */
    static final class Heard implements BreakerListener {
        final List<StateTransition> enforced = new CopyOnWriteArrayList<>();
        final List<StateTransition> would = new CopyOnWriteArrayList<>();
        final List<String> wouldOpen = new CopyOnWriteArrayList<>();

        @Override
        public void onStateTransition(Breaker breaker, StateTransition transition) {
            enforced.add(transition);
        }

        @Override
        public void onWouldTransition(Breaker breaker, StateTransition transition) {
            would.add(transition);
        }

        @Override
        public void onWouldOpen(Breaker breaker, String reason) {
            wouldOpen.add(reason);
        }
    }
}
