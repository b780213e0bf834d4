package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * HALF_OPEN trial calls judged by the fleet ({@link ProbeGate#decidesTrials()}): the outcomes go to the gate, the
 * verdict comes back through {@link Breaker#concludeTrials}, and the local rules take over when the gate stops.
 */
class FleetTrialsTest {

    private final ManualClock clock = new ManualClock();
    private final DecidingSync sync = new DecidingSync();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(30)).waitDurationMultiplier(2)
                .permittedNumberOfCallsInHalfOpenState(2)
                .fleetSync(sync);
    }

    private static void fail(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    /** A breaker whose open wait has just ended: its next call is the visit's first trial. */
    private Breaker waitedOpen(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        return breaker;
    }

    @Test
    void whileTheFleetDecidesTrialOutcomesGoToTheGateAndTheBreakerWaitsForTheVerdict() {
        Breaker breaker = waitedOpen(config().build());
        fail(breaker, 2); // locally, 2 of 2 failed trials would reopen at the first

        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(sync.gate.recorded).containsExactly("failed", "failed");
        assertThat(sync.gate.released).as("spent permits are not given back").isZero();
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
        // The local limit still holds: no third trial on this instance.
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void aPassingVerdictClosesWithAnEmptyWindowAndIsShared() {
        Breaker breaker = waitedOpen(config().build());
        breaker.execute(() -> "trial");

        assertThat(breaker.concludeTrials(true, "fleet trial calls: failure rate 0% < 50%")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("fleet trial calls: failure rate 0% < 50%");
        assertThat(sync.published).extracting(FleetTransition::state)
                .containsExactly(BreakerState.OPEN, BreakerState.CLOSED);
        assertThat(sync.published.get(1).byOperator()).isFalse();
        assertThat(sync.gate.closed).isTrue();
    }

    @Test
    void aFailingVerdictReopensWithTheNextBackoffAsTheBreakersOwnRulesWould() {
        Breaker breaker = waitedOpen(config().build());
        fail(breaker, 1);

        assertThat(breaker.concludeTrials(false, "fleet trial calls: failure rate 60% >= 50%")).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        FleetTransition reopened = sync.published.get(1);
        assertThat(reopened.state()).isEqualTo(BreakerState.OPEN);
        assertThat(reopened.reopenCount()).isEqualTo(1);
        assertThat(reopened.reason()).isEqualTo("fleet trial calls: failure rate 60% >= 50%");
    }

    @Test
    void aVerdictOutsideHalfOpenChangesNothing() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThat(breaker.concludeTrials(false, "late verdict")).isFalse();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

        fail(breaker, 4);
        assertThat(breaker.concludeTrials(true, "late verdict")).isFalse();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).hasSize(1);
    }

    @Test
    void whenTheGateStopsDecidingTheLocalRulesJudgeTheTrialsAtTheNextCall() {
        Breaker breaker = waitedOpen(config().build());
        fail(breaker, 2);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        sync.gate.deciding = false; // the fleet's store failed mid-visit

        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("trial calls: failure rate 100% >= 50%");
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void passingTrialsJudgedLocallyCloseAndLetTheNextCallThrough() {
        Breaker breaker = waitedOpen(config().build());
        breaker.execute(() -> "trial 1");
        breaker.execute(() -> "trial 2");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        sync.gate.deciding = false;

        assertThat(breaker.execute(() -> "after")).isEqualTo("after");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    @Test
    void withASuccessThresholdALocallyJudgedFailedTrialReopens() {
        Breaker breaker = waitedOpen(config().successThresholdInHalfOpenState(2).build());
        breaker.execute(() -> "trial 1");
        fail(breaker, 1);
        sync.gate.deciding = false;

        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("trial calls: 1 failed and 0 slow of 2 completed, with 2 successful trial calls needed"
                        + " to close");
    }

    @Test
    void theMaxWaitInHalfOpenStillAppliesWhileTheFleetDecides() {
        Breaker breaker = waitedOpen(config().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build());
        breaker.execute(() -> "trial 1");

        clock.advance(Duration.ofSeconds(5));

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason())
                .isEqualTo("still HALF_OPEN after 5s with 1 of 2 trial calls completed");
    }

    @Test
    void anIgnoredTrialStillGivesItsPermitBack() {
        Breaker breaker = waitedOpen(config().ignoreExceptions(List.of(IllegalArgumentException.class)).build());
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalArgumentException("not the dependency's fault");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(sync.gate.released).isEqualTo(1);
        assertThat(sync.gate.recorded).isEmpty();
    }

    /** Publishes into a list and hands out one gate that decides until told otherwise. */
    static final class DecidingSync implements FleetSync {
        final List<FleetTransition> published = new CopyOnWriteArrayList<>();
        final DecidingGate gate = new DecidingGate();

        @Override
        public void publish(Breaker breaker, FleetTransition transition) {
            published.add(transition);
        }

        @Override
        public ProbeGate probeGate(Breaker breaker) {
            return gate;
        }
    }

    static final class DecidingGate implements ProbeGate {
        volatile boolean deciding = true;
        final List<String> recorded = new CopyOnWriteArrayList<>();
        int released;
        boolean closed;

        @Override
        public boolean tryAcquire() {
            return true;
        }

        @Override
        public void release() {
            released++;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean decidesTrials() {
            return deciding;
        }

        @Override
        public void recorded(boolean failed, boolean slow) {
            recorded.add(failed ? "failed" : slow ? "slow" : "passed");
        }
    }
}
