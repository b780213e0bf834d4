package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code onFailureRateExceeded} and {@code onSlowCallRateExceeded}, in both modes. */
class RateExceededEventsTest {

    private final ManualClock clock = new ManualClock();
    private final Rates rates = new Rates();

    private Breaker breaker(BreakerMode mode) {
        Breaker breaker = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock).mode(mode)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .failureRateThreshold(50).slowCallRateThreshold(75)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(4).build());
        breaker.addListener(rates);
        return breaker;
    }

    private static void fail(Breaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("down");
        })).isInstanceOf(IllegalStateException.class);
    }

    private void slow(Breaker breaker) {
        breaker.execute(() -> {
            clock.advance(Duration.ofSeconds(2));
            return "slow";
        });
    }

    @ParameterizedTest
    @EnumSource(BreakerMode.class)
    void theFailureRateIsHeardWithItsThresholdWhenAnEvaluationReachesIt(BreakerMode mode) {
        Breaker breaker = breaker(mode);
        breaker.execute(() -> "ok");
        fail(breaker);
        breaker.execute(() -> "ok");
        assertThat(rates.heard).isEmpty(); // 1 of 3: below the minimum number of calls, no evaluation

        fail(breaker); // 2 of 4 = 50%
        assertThat(rates.heard).containsExactly("failure 50.0 >= 50.0");
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(BreakerMode.class)
    void theSlowCallRateIsHeardOnItsOwnWhenOnlyItIsReached(BreakerMode mode) {
        Breaker breaker = breaker(mode);
        breaker.execute(() -> "fast");
        slow(breaker);
        slow(breaker);
        slow(breaker); // 3 of 4 = 75%

        assertThat(rates.heard).containsExactly("slow 75.0 >= 75.0");
    }

    @ParameterizedTest
    @EnumSource(BreakerMode.class)
    void theTrialCallsEvaluationIsHeardToo(BreakerMode mode) {
        Breaker breaker = breaker(mode);
        breaker.transitionToHalfOpenState();
        fail(breaker);
        assertThat(rates.heard).isEmpty(); // 1 of 4 trials: 25%, the rest may still succeed
        fail(breaker);

        assertThat(rates.heard).containsExactly("failure 50.0 >= 50.0");
        assertThat(breaker.metrics().wouldBeState()).isEqualTo(BreakerState.OPEN);
    }

    /** The rates heard, as text. */
    static final class Rates implements BreakerListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onFailureRateExceeded(Breaker breaker, float failureRate, float threshold) {
            heard.add("failure " + failureRate + " >= " + threshold);
        }

        @Override
        public void onSlowCallRateExceeded(Breaker breaker, float slowCallRate, float threshold) {
            heard.add("slow " + slowCallRate + " >= " + threshold);
        }
    }
}
