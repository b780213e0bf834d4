package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OpenWait}: the wait of each visit to OPEN, from the reopen count and the failure that tripped it. */
class OpenWaitTest {

    private final ManualClock clock = new ManualClock();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(4).minimumNumberOfCalls(4)
                .slowCallDurationThreshold(Duration.ofSeconds(1)).slowCallRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .permittedNumberOfCallsInHalfOpenState(1);
    }

    /** A dependency's answer that says how long to stay away, as an HTTP 429 or 503 does. */
    static final class RetryAfterException extends RuntimeException {
        final Duration retryAfter;

        RetryAfterException(Duration retryAfter) {
            super("retry after " + retryAfter);
            this.retryAfter = retryAfter;
        }
    }

    private static final OpenWait HONOUR_RETRY_AFTER = (reopenCount, cause) ->
            cause instanceof RetryAfterException r ? r.retryAfter : null;

    private static void fail(Breaker breaker, int calls, RuntimeException error) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw error;
            })).isSameAs(error);
        }
    }

    @Test
    void honoursTheRetryAfterCarriedByTheFailureThatTrippedTheBreaker() {
        Breaker breaker = Breaker.of("payment", config().openWait(HONOUR_RETRY_AFTER).build());
        fail(breaker, 3, new IllegalStateException("down"));
        fail(breaker, 1, new RetryAfterException(Duration.ofSeconds(17)));

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 100% >= 50%");
    }

    @Test
    void isGivenTheReopenCountSinceTheBreakerWasLastClosed() {
        List<Integer> counts = new ArrayList<>();
        Breaker breaker = Breaker.of("payment", config().openWait((reopenCount, cause) -> {
            counts.add(reopenCount);
            return Duration.ofSeconds(10L * (reopenCount + 1));
        }).build());
        IllegalStateException down = new IllegalStateException("down");
        fail(breaker, 4, down);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        fail(breaker, 1, down); // the trial fails
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        breaker.execute(() -> "trial");
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        fail(breaker, 4, down);

        assertThat(counts).containsExactly(0, 1, 0);
    }

    @Test
    void theCauseIsNullWhenSlowCallsACheckOrAnOperatorOpenedTheBreaker() {
        List<Throwable> causes = new ArrayList<>();
        Breaker breaker = Breaker.of("payment", config().openWait((reopenCount, cause) -> {
            causes.add(cause);
            return null;
        }).build());
        for (int i = 0; i < 4; i++) {
            breaker.execute(() -> {
                clock.advance(Duration.ofSeconds(2));
                return "slow";
            });
        }
        assertThat(breaker.transitions().get(0).reason()).startsWith("slow-call rate");
        breaker.reset();
        breaker.openByCheck("health check failed");
        breaker.reset();
        breaker.transitionToOpenState();

        assertThat(causes).hasSize(3).containsOnlyNulls();
    }

    @Test
    void aNullZeroOrNegativeWaitFallsBackToTheConfiguredOne() {
        for (Duration answer : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-5)}) {
            Breaker breaker = Breaker.of("payment", config().openWait((reopenCount, cause) -> answer).build());
            breaker.openByCheck("check");
            assertThat(breaker.retryAfter()).as("for %s", answer).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void aLongerWaitThanAnySettingAcceptsIsCapped() {
        Breaker breaker = Breaker.of("payment",
                config().openWait((reopenCount, cause) -> Duration.ofDays(10_000)).build());
        breaker.openByCheck("check");
        assertThat(breaker.retryAfter()).isEqualTo(BreakerConfig.MAX_DURATION);
    }

    @Test
    @ExtendWith(CapturedWarnings.Resolver.class)
    void aThrowingOpenWaitIsLoggedAndTheConfiguredWaitUsed(CapturedWarnings warnings) {
        Breaker breaker = Breaker.of("payment", config().openWait((reopenCount, cause) -> {
            throw new ArithmeticException("bug");
        }).build());
        fail(breaker, 4, new IllegalStateException("down"));

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(warnings.messages()).singleElement().asString().contains("open-wait", "'payment'");
        assertThat(warnings.thrown()).singleElement().isInstanceOf(ArithmeticException.class);
    }

    @Test
    void isAskedAgainForEachWaitWhileTrialCallsAreHeld() {
        Breaker breaker = Breaker.of("payment", config().openWait(HONOUR_RETRY_AFTER).build());
        fail(breaker, 4, new RetryAfterException(Duration.ofSeconds(30)));
        breaker.holdTrials("maintenance");
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> breaker.execute(() -> "x")).isInstanceOf(CallNotPermittedException.class);

        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30)); // the same cause, the same answer
    }
}
