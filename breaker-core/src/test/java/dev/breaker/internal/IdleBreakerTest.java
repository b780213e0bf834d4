package dev.breaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.ManualClock;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A breaker makes its state machine and its listeners' registry on first use, so that an idle one (CLOSED, nobody
 * listening) retains neither: reading it makes neither, and once made they behave as if they had always been
 * there.
 */
class IdleBreakerTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60)).automaticTransitionToHalfOpen(true).build();
    }

    private static void fail(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void callsAndReadsOfAnIdleBreakerMakeNeitherItsMachineNorItsListeners() {
        DefaultBreaker breaker = new DefaultBreaker("payment", config());
        for (int i = 0; i < 100; i++) {
            breaker.execute(() -> "ok");
        }
        fail(breaker, 4); // 4 of 10: below the threshold

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(100);
        assertThat(breaker.transitions()).isEmpty();
        assertThat(breaker.settingsChanges()).isEmpty();
        assertThat(breaker.trialsHeld()).isEmpty();
        assertThat(breaker.retryAfter()).isZero();
        assertThat(breaker.machineIfMade()).isNull();
        assertThat(breaker.listenersIfMade()).isNull();
    }

    @Test
    void theFirstTransitionMakesTheMachineAndIsRecordedAsAnyOther() {
        DefaultBreaker breaker = new DefaultBreaker("payment", config());
        fail(breaker, 10);

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.machineIfMade()).isNotNull();
        assertThat(breaker.transitions()).extracting(StateTransition::to).containsExactly(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 100% >= 50%");

        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.transitions()).extracting(StateTransition::to)
                .containsExactly(BreakerState.HALF_OPEN, BreakerState.OPEN);
    }

    @Test
    void aListenerAddedToAnIdleBreakerHearsItsCallsAndItsFirstTransition() {
        DefaultBreaker breaker = new DefaultBreaker("payment", config());
        breaker.execute(() -> "before anyone listens");
        List<String> heard = new ArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public boolean receivesCallOutcomes() {
                return true;
            }

            @Override
            public void onCall(Breaker source, CallOutcome outcome, boolean slow, long nanos, @Nullable Throwable error) {
                heard.add(outcome.name());
            }

            @Override
            public void onStateTransition(Breaker source, StateTransition transition) {
                heard.add(transition.from() + "->" + transition.to());
            }
        });
        assertThat(breaker.listenersIfMade()).isNotNull();
        assertThat(breaker.machineIfMade()).isNull();

        breaker.execute(() -> "ok");
        fail(breaker, 8); // 8 of 10: opens

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(heard).hasSize(10).startsWith("SUCCESS", "FAILURE").contains("CLOSED->OPEN")
                .filteredOn("FAILURE"::equals).hasSize(8);
    }

    @Test
    void operatorsAndHeldTrialsWorkOnABreakerThatNeverMoved() {
        DefaultBreaker breaker = new DefaultBreaker("payment", config());
        breaker.holdTrials("deploying");
        assertThat(breaker.trialsHeld()).contains("deploying");

        breaker.transitionToOpenState();
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN); // trials held: another visit to OPEN
        breaker.holdTrials(null);
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.transitions()).hasSize(3);
    }

    @Test
    void theFirstChangeOfSettingsIsRecorded() {
        DefaultBreaker breaker = new DefaultBreaker("payment", config());
        breaker.reconfigure(BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(80)
                .waitDurationInOpenState(Duration.ofSeconds(60)).automaticTransitionToHalfOpen(true).build(), "test");
        assertThat(breaker.settingsChanges()).hasSize(1);
        assertThat(breaker.settingsChanges().get(0).source()).isEqualTo("test");
        assertThat(breaker.transitions()).isEmpty();
    }
}
