package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** What a shared breaker tells its fleet, what it takes from it, and how the fleet gates trial calls. */
class FleetSyncTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final RecordingSync sync = new RecordingSync();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .waitDurationInOpenState(Duration.ofSeconds(30))
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

    private static FleetTransition remoteOpen(Instant retryAt) {
        return new FleetTransition(BreakerState.OPEN, false, 0, retryAt, Instant.parse("2026-11-27T10:00:00Z"),
                "instance b: failure rate 100% >= 50%");
    }

    @Test
    void anOpeningIsPublishedWithItsEndOfWaitAndReason() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 4);

        assertThat(sync.published).hasSize(1);
        FleetTransition opened = sync.published.get(0);
        assertThat(opened.state()).isEqualTo(BreakerState.OPEN);
        assertThat(opened.byOperator()).isFalse();
        assertThat(opened.reopenCount()).isZero();
        assertThat(opened.retryAt()).isEqualTo(Instant.parse("2026-11-27T10:00:30Z"));
        assertThat(opened.reason()).isEqualTo("failure rate 100% >= 50%");
    }

    @Test
    void halfOpenIsLocalButTheTrialsOutcomeIsPublished() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        breaker.execute(() -> "trial 1");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.execute(() -> "trial 2");

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(sync.published).extracting(FleetTransition::state)
                .containsExactly(BreakerState.OPEN, BreakerState.CLOSED);
        assertThat(sync.published.get(1).byOperator()).isFalse();
    }

    @Test
    void aReopeningCarriesItsBackoff() {
        Breaker breaker = Breaker.of("payment", config().waitDurationMultiplier(2).build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        fail(breaker, 1); // the first trial fails: 1 of 2 = 50% >= 50%

        FleetTransition reopened = sync.published.get(1);
        assertThat(reopened.state()).isEqualTo(BreakerState.OPEN);
        assertThat(reopened.reopenCount()).isEqualTo(1);
        assertThat(reopened.retryAt()).isEqualTo(clock.now().plusSeconds(60));
    }

    @Test
    void operatorsTransitionsArePublishedAsSuch() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.transitionToForcedOpenState();
        breaker.transitionToDisabledState();
        breaker.reset();

        assertThat(sync.published).extracting(FleetTransition::state)
                .containsExactly(BreakerState.FORCED_OPEN, BreakerState.DISABLED, BreakerState.CLOSED);
        assertThat(sync.published).allMatch(FleetTransition::byOperator);
        assertThat(sync.published.get(0).retryAt()).isNull();
    }

    @Test
    void anAdoptedOpeningRejectsCallsUntilTheOriginsWaitEndsAndIsNotSentBack() {
        Breaker breaker = Breaker.of("payment", config().build());
        List<StateTransition> heard = new ArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public void onStateTransition(Breaker b, StateTransition transition) {
                heard.add(transition);
            }
        });

        assertThat(breaker.adopt(remoteOpen(clock.now().plusSeconds(10)))).isTrue();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        int[] calls = {0};
        assertThatThrownBy(() -> breaker.run(() -> calls[0]++)).isInstanceOf(CallNotPermittedException.class);
        assertThat(calls[0]).isZero();
        assertThat(heard).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.reason()).isEqualTo("instance b: failure rate 100% >= 50%");
        });
        assertThat(sync.published).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        breaker.run(() -> calls[0]++);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void anOpeningWhoseWaitAlreadyEndedIsAdoptedWithNoWait() {
        Breaker breaker = Breaker.of("payment", config().build());
        assertThat(breaker.adopt(remoteOpen(clock.now().minusSeconds(5)))).isTrue();
        assertThat(breaker.retryAfter()).isZero();
        breaker.execute(() -> "trial");
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void adoptingTheCurrentStateChangesNothing() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.execute(() -> "ok");
        FleetTransition closed = new FleetTransition(BreakerState.CLOSED, true, 0, null, clock.now(), "reset");
        assertThat(breaker.adopt(closed)).isFalse();
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
        assertThat(breaker.transitions()).isEmpty();

        assertThat(breaker.adopt(remoteOpen(clock.now().plusSeconds(10)))).isTrue();
        assertThat(breaker.adopt(remoteOpen(clock.now().plusSeconds(10)))).isFalse();
        // A later end of wait is news: another instance's trials reopened the breaker.
        assertThat(breaker.adopt(remoteOpen(clock.now().plusSeconds(40)))).isTrue();
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void adoptedOperatorStatesHoldUntilTheFleetSaysOtherwise() {
        Breaker breaker = Breaker.of("payment", config().build());
        breaker.adopt(new FleetTransition(BreakerState.FORCED_OPEN, true, 0, null, clock.now(), "forced by ops"));
        assertThat(breaker.state()).isEqualTo(BreakerState.FORCED_OPEN);
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);

        breaker.adopt(new FleetTransition(BreakerState.CLOSED, true, 0, null, clock.now(), "closed by ops"));
        assertThat(breaker.execute(() -> "x")).isEqualTo("x");
        assertThat(sync.published).isEmpty();
    }

    @Test
    void halfOpenCannotBeAdoptedOrPublished() {
        assertThatThrownBy(() -> new FleetTransition(BreakerState.HALF_OPEN, false, 0, null, Instant.now(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HALF_OPEN is not shared");
        assertThatThrownBy(() -> new FleetTransition(BreakerState.OPEN, false, 0, null, Instant.now(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAt");
    }

    @Test
    void theFleetGateLimitsTrialCallsAfterTheLocalLimit() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        sync.gate.grants = 1;

        Breaker.Permit first = breaker.acquirePermit();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThatThrownBy(breaker::acquirePermit).isInstanceOf(CallNotPermittedException.class)
                .extracting(e -> ((CallNotPermittedException) e).state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(sync.gate.asked).isEqualTo(2);

        first.onSuccess(1_000);
        assertThat(sync.gate.released).isEqualTo(1);
        // The refused call gave its local permit back: with a grant, two more trials fit.
        sync.gate.grants = 2;
        breaker.acquirePermit().onSuccess(1_000);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(sync.gate.closed).isTrue();
    }

    @Test
    void aReleasedTrialGivesTheFleetPermitBack() {
        Breaker breaker = Breaker.of("payment", config().build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        sync.gate.grants = 5;
        breaker.acquirePermit().release();
        assertThat(sync.gate.released).isEqualTo(1);
    }

    @Test
    void aLocalBreakerNeverTouchesTheFleet() {
        Breaker breaker = Breaker.of("payment", config().fleetSync(null).build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(30));
        breaker.execute(() -> "trial");
        breaker.transitionToForcedOpenState();
        assertThat(sync.published).isEmpty();
        assertThat(sync.gate.asked).isZero();
        assertThat(breaker.config().fleetSync()).isEmpty();
    }

    @Test
    void aFailingPublisherNeverBreaksTheBreaker() {
        FleetSync broken = new FleetSync() {
            @Override
            public void publish(Breaker b, FleetTransition transition) {
                throw new IllegalStateException("redis exploded");
            }

            @Override
            public ProbeGate probeGate(Breaker b) {
                return ProbeGate.LOCAL;
            }
        };
        Breaker breaker = Breaker.of("payment", config().fleetSync(broken).build());
        try (CapturedLog log = CapturedLog.of("dev.breaker.Breaker")) {
            fail(breaker, 4);
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            clock.advance(Duration.ofSeconds(30));
            breaker.execute(() -> "trial");
            breaker.execute(() -> "trial");
            assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
            // both transitions it could not share (OPEN, then CLOSED) are reported with the cause
            assertThat(log.records()).hasSize(2).allSatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("'payment'");
                assertThat(record.getThrown()).hasMessage("redis exploded");
            });
        }
    }

    /** Records what is published, and hands out a gate whose grants the test sets. */
    static final class RecordingSync implements FleetSync {
        final List<FleetTransition> published = new CopyOnWriteArrayList<>();
        final CountingGate gate = new CountingGate();

        @Override
        public void publish(Breaker breaker, FleetTransition transition) {
            published.add(transition);
        }

        @Override
        public ProbeGate probeGate(Breaker breaker) {
            return gate;
        }
    }

    static final class CountingGate implements ProbeGate {
        int grants = 1_000;
        int asked;
        int released;
        boolean closed;

        @Override
        public boolean tryAcquire() {
            asked++;
            if (grants > 0) {
                grants--;
                return true;
            }
            return false;
        }

        @Override
        public void release() {
            released++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
