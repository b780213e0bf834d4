package dev.breaker;

import static dev.breaker.ReconfigureTest.fail;
import static dev.breaker.ReconfigureTest.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Breaker#reconfigure} outside CLOSED: OPEN keeps the rest of its wait and its re-openings, HALF_OPEN starts
 * its trial calls again, an operator's states stay, and a change of mode takes effect in every state.
 */
class ReconfigureStatesTest {

    private final ManualClock clock = new ManualClock();
    private final ReconfigureTest.Heard heard = new ReconfigureTest.Heard();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(2);
    }

    private Breaker breaker(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        breaker.addListener(heard);
        return breaker;
    }

    private Breaker open(BreakerConfig config) {
        Breaker breaker = breaker(config);
        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        heard.events.clear();
        return breaker;
    }

    @Test
    void openKeepsTheRestOfItsWaitWhateverTheNewWait() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofSeconds(48));

        SettingsChange change = breaker.reconfigure(config().waitDurationInOpenState(Duration.ofSeconds(5)).build(),
                "api");

        assertThat(change.windowKept()).isFalse();
        assertThat(change.effect()).isEqualTo("state OPEN kept, 12s of its wait left");
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(breaker.metrics().failedCalls()).as("the figures that tripped it").isEqualTo(4);
        clock.advance(Duration.ofMillis(11_999));
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CallNotPermittedException.class);
        clock.advance(Duration.ofMillis(1));
        breaker.run(() -> { });
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("open wait of 60s elapsed");
        assertThat(heard.events).containsExactly("settings: wait-duration-in-open-state 60s -> 5s",
                "OPEN -> HALF_OPEN");
    }

    @Test
    void openKeepsItsReopeningsSoTheBackoffGoesOnUnderTheNewSettings() {
        BreakerConfig config = config().waitDurationMultiplier(2).build();
        Breaker breaker = open(config);
        clock.advance(Duration.ofSeconds(60));
        fail(breaker, 1); // the first trial fails: OPEN again, re-opened once, 120s
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(120));

        breaker.reconfigure(config.toBuilder().waitDurationInOpenState(Duration.ofSeconds(10)).build(), "api");
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(120));
        fail(breaker, 1);

        assertThat(breaker.retryAfter()).as("10s x 2^2: the third visit under the new wait")
                .isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theAutomaticTimerKeepsTheEndOfTheWaitAndFollowsTheSetting() {
        BreakerConfig config = config().automaticTransitionToHalfOpen(true).build();
        Breaker breaker = open(config);
        clock.advance(Duration.ofSeconds(20));

        breaker.reconfigure(config.toBuilder().failureRateThreshold(60).build(), "api");
        assertThat(clock.pendingTasks()).as("the old timer cancelled, one for the rest: " + clock).isEqualTo(1);
        clock.advance(Duration.ofMillis(39_999));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);

        Breaker manual = open(config);
        manual.reconfigure(config.toBuilder().automaticTransitionToHalfOpen(false).build(), "api");
        assertThat(clock.pendingTasks()).as(clock.toString()).isZero();
    }

    @Test
    void halfOpenStartsItsTrialCallsAgainAndAnOldTrialChangesNothing() {
        Breaker breaker = open(config().build());
        clock.advance(Duration.ofSeconds(60));
        breaker.run(() -> { }); // the first trial: HALF_OPEN, 1 of 2 completed
        Breaker.Permit oldTrial = breaker.acquirePermit();
        assertThatThrownBy(breaker::acquirePermit).isInstanceOf(CallNotPermittedException.class);

        SettingsChange change = breaker.reconfigure(config().permittedNumberOfCallsInHalfOpenState(3).build(),
                "api");

        assertThat(change.effect()).isEqualTo("state HALF_OPEN, trial calls started again (1 had completed)");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        oldTrial.onError(0, new IllegalStateException("down")); // would have reopened the old visit
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).as("the old trial is not one of the new").isZero();
        Breaker.Permit[] trials = {breaker.acquirePermit(), breaker.acquirePermit(), breaker.acquirePermit()};
        assertThatThrownBy(breaker::acquirePermit).isInstanceOf(CallNotPermittedException.class);
        for (Breaker.Permit trial : trials) {
            trial.onSuccess(0);
        }
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(heard.events).containsExactly("OPEN -> HALF_OPEN",
                "settings: permitted-number-of-calls-in-half-open-state 2 -> 3", "HALF_OPEN -> CLOSED");
    }

    @Test
    void halfOpenRestartsItsTimeLimitAndKeepsItsReopenings() {
        BreakerConfig config = config().waitDurationMultiplier(2)
                .maxWaitDurationInHalfOpenState(Duration.ofSeconds(10)).build();
        Breaker breaker = open(config);
        breaker.transitionToHalfOpenState();
        clock.advance(Duration.ofSeconds(8));

        breaker.reconfigure(config.toBuilder().failureRateThreshold(80).build(), "api");
        clock.advance(Duration.ofSeconds(9));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        clock.advance(Duration.ofSeconds(1));

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).as("re-opened once: 60s x 2").isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void halfOpenOfASharedBreakerClosesTheOldVisitsGateAndAsksForANewOne() {
        List<FleetSyncTest.CountingGate> gates = new CopyOnWriteArrayList<>();
        List<FleetTransition> published = new CopyOnWriteArrayList<>();
        BreakerConfig config = config().fleetSync(new FleetSync() {
            @Override
            public void publish(Breaker breaker, FleetTransition transition) {
                published.add(transition);
            }

            @Override
            public ProbeGate probeGate(Breaker breaker) {
                FleetSyncTest.CountingGate gate = new FleetSyncTest.CountingGate();
                gates.add(gate);
                return gate;
            }
        }).build();
        Breaker breaker = open(config);
        breaker.transitionToHalfOpenState();
        Breaker.Permit oldTrial = breaker.acquirePermit();
        int shared = published.size();

        breaker.reconfigure(config.toBuilder().permittedNumberOfCallsInHalfOpenState(3).build(), "api");
        breaker.acquirePermit();
        oldTrial.onSuccess(0);

        assertThat(gates).hasSize(2);
        assertThat(gates.get(0).closed).isTrue();
        assertThat(gates.get(1).closed).isFalse();
        assertThat(gates.get(1).asked).isEqualTo(1);
        assertThat(gates.get(1).released).as("the old trial gives back nothing of the new visit's gate").isZero();
        assertThat(published).as("a change of settings is not shared").hasSize(shared);
    }

    @Test
    void anOperatorsForcedOpenAndDisabledStay() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 2);
        breaker.transitionToForcedOpenState();

        SettingsChange forced = breaker.reconfigure(config().failureRateThreshold(10).build(), "api");
        assertThat(forced.effect()).isEqualTo("state FORCED_OPEN kept (an operator's)");
        assertThat(breaker.state()).isEqualTo(BreakerState.FORCED_OPEN);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CallNotPermittedException.class);

        breaker.transitionToDisabledState();
        SettingsChange disabled = breaker.reconfigure(config().failureRateThreshold(20).build(), "api");
        assertThat(disabled.effect()).isEqualTo("state DISABLED kept (an operator's)");
        fail(breaker, 10);
        assertThat(breaker.state()).isEqualTo(BreakerState.DISABLED);
    }

    @Test
    void switchingAnOpenBreakerToObserveLetsCallsThroughAndBackToEnforceRejectsThemAgain() {
        BreakerConfig enforcing = config().build();
        Breaker breaker = open(enforcing);
        clock.advance(Duration.ofSeconds(10));

        SettingsChange observe = breaker.reconfigure(enforcing.toBuilder().mode(BreakerMode.OBSERVE).build(), "api");

        assertThat(observe.effect()).isEqualTo("state OPEN kept, 50s of its wait left; mode ENFORCE -> OBSERVE: "
                + "it rejects no call from now on");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.metrics().mode()).isEqualTo(BreakerMode.OBSERVE);
        assertThat(breaker.retryAfter()).isZero();
        breaker.run(() -> { });

        SettingsChange enforce = breaker.reconfigure(enforcing, "api");

        assertThat(enforce.effect()).isEqualTo("state OPEN kept, 50s of its wait left; mode OBSERVE -> ENFORCE: "
                + "its state is enforced from now on");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CallNotPermittedException.class);
        assertThat(breaker.metrics().notPermittedCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(heard.events).as("no transition: the machine stayed OPEN").containsExactly(
                "settings: mode ENFORCE -> OBSERVE", "settings: mode OBSERVE -> ENFORCE");
    }

    @Test
    void anObservingBreakersTransitionsAreHeardAndSharedAsTheModeItMadeThemIn() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        BreakerConfig enforcing = config().fleetSync(sync).build();
        Breaker breaker = breaker(enforcing);
        breaker.reconfigure(enforcing.toBuilder().mode(BreakerMode.OBSERVE).build(), "api");

        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(sync.published).as("an observing breaker's own opening is not shared").isEmpty();

        breaker.reconfigure(enforcing, "api");
        clock.advance(Duration.ofSeconds(60));
        fail(breaker, 1);

        assertThat(heard.events).containsExactly("settings: mode ENFORCE -> OBSERVE", "failure rate 100.0 >= 50.0",
                "would CLOSED -> OPEN", "settings: mode OBSERVE -> ENFORCE", "OPEN -> HALF_OPEN",
                "failure rate 50.0 >= 50.0", "HALF_OPEN -> OPEN");
        assertThat(sync.published).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(BreakerState.OPEN));
    }

    @Test
    void switchingAHalfOpenBreakerToObserveLetsTheCallsBeyondTheTrialsThrough() {
        Breaker breaker = open(config().build());
        breaker.transitionToHalfOpenState();
        breaker.acquirePermit();
        breaker.acquirePermit();
        assertThatThrownBy(breaker::acquirePermit).isInstanceOf(CallNotPermittedException.class);

        breaker.reconfigure(config().mode(BreakerMode.OBSERVE).build(), "api");

        Breaker.Permit first = breaker.acquirePermit();
        Breaker.Permit second = breaker.acquirePermit();
        breaker.acquirePermit().onError(0, new IllegalStateException("down")); // beyond the trials: let through
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).as("no window counts a bystander").isZero();
        first.onSuccess(0);
        second.onSuccess(0);
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().notPermittedCallsTotal()).as("the one before the change").isEqualTo(1);
    }
}
