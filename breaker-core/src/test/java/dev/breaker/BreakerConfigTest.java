package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BreakerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        BreakerConfig config = BreakerConfig.defaults();
        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(100);
        assertThat(config.slidingWindowMaxAge()).isZero();
        assertThat(config.minimumNumberOfCalls()).isEqualTo(20);
        assertThat(config.failureRateThreshold()).isEqualTo(50f);
        assertThat(config.slowCallRateThreshold()).isEqualTo(100f);
        assertThat(config.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.consecutiveFailureThreshold()).isZero();
        assertThat(config.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.waitDurationJitter()).isZero();
        assertThat(config.waitDurationMultiplier()).isEqualTo(1.0);
        assertThat(config.maxWaitDurationInOpenState()).isZero();
        assertThat(config.automaticTransitionToHalfOpen()).isFalse();
        assertThat(config.permittedNumberOfCallsInHalfOpenState()).isEqualTo(10);
        assertThat(config.maxWaitDurationInHalfOpenState()).isZero();
        assertThat(config.recordExceptions()).isEmpty();
        assertThat(config.ignoreExceptions()).isEmpty();
        assertThat(config.clock()).isSameAs(BreakerClock.system());
        assertThat(config.mode()).isEqualTo(BreakerMode.ENFORCE);
        assertThat(config.successThresholdInHalfOpenState()).isZero();
        assertThat(config.openWait()).isNull();
    }

    @Test
    void toBuilderKeepsEverySetting() {
        OpenWait openWait = (reopenCount, cause) -> Duration.ofSeconds(5);
        BreakerConfig original = BreakerConfig.builder()
                .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(30).minimumNumberOfCalls(7)
                .failureRateThreshold(12.5f).slowCallRateThreshold(80).slowCallDurationThreshold(Duration.ofMillis(700))
                .consecutiveFailureThreshold(4).waitDurationInOpenState(Duration.ofSeconds(9))
                .waitDurationJitter(0.3).waitDurationMultiplier(2).maxWaitDurationInOpenState(Duration.ofMinutes(3))
                .automaticTransitionToHalfOpen(true).permittedNumberOfCallsInHalfOpenState(3)
                .maxWaitDurationInHalfOpenState(Duration.ofSeconds(40))
                .recordExceptions(IOException.class).ignoreExceptions(TimeoutException.class)
                .mode(BreakerMode.OBSERVE).successThresholdInHalfOpenState(2).openWait(openWait)
                .build();
        assertThat(original.toBuilder().build()).hasToString(original.toString());
        assertThat(original.toString()).contains("mode=OBSERVE", "success-threshold-in-half-open-state=2");
        BreakerConfig copy = original.toBuilder().build();
        assertThat(copy.mode()).isEqualTo(BreakerMode.OBSERVE);
        assertThat(copy.successThresholdInHalfOpenState()).isEqualTo(2);
        assertThat(copy.openWait()).isSameAs(openWait);
    }

    @Test
    void rejectsEveryOutOfRangeValueNamingSettingValueAndRange() {
        assertInvalid(b -> b.failureRateThreshold(0), "failure-rate-threshold", "0.0", "a percentage in (0, 100]");
        assertInvalid(b -> b.failureRateThreshold(100.5f), "failure-rate-threshold", "100.5", "(0, 100]");
        assertInvalid(b -> b.failureRateThreshold(Float.NaN), "failure-rate-threshold", "NaN", "(0, 100]");
        assertInvalid(b -> b.slowCallRateThreshold(-1), "slow-call-rate-threshold", "-1.0", "(0, 100]");
        assertInvalid(b -> b.slowCallDurationThreshold(Duration.ZERO), "slow-call-duration-threshold", "PT0S",
                "a positive duration");
        assertInvalid(b -> b.slowCallDurationThreshold(Duration.ofMillis(-5)), "slow-call-duration-threshold",
                "PT-0.005S", "a positive duration");
        assertInvalid(b -> b.waitDurationInOpenState(Duration.ZERO), "wait-duration-in-open-state", "PT0S",
                "a positive duration");
        assertInvalid(b -> b.waitDurationInOpenState(Duration.ofDays(400)), "wait-duration-in-open-state",
                "PT9600H", "at most 365 days");
        assertInvalid(b -> b.slidingWindowSize(0), "sliding-window-size", "0", "at least 1");
        assertInvalid(b -> b.slidingWindowSize(2_000_000), "sliding-window-size", "2000000", "at most 1000000");
        assertInvalid(b -> b.minimumNumberOfCalls(0), "minimum-number-of-calls", "0", "at least 1");
        assertInvalid(b -> b.consecutiveFailureThreshold(-1), "consecutive-failure-threshold", "-1",
                "0 (off) or a positive number");
        assertInvalid(b -> b.waitDurationJitter(1.5), "wait-duration-jitter", "1.5", "a ratio in [0, 1]");
        assertInvalid(b -> b.waitDurationJitter(-0.1), "wait-duration-jitter", "-0.1", "[0, 1]");
        assertInvalid(b -> b.waitDurationMultiplier(0.5), "wait-duration-multiplier", "0.5", ">= 1");
        assertInvalid(b -> b.waitDurationMultiplier(Double.POSITIVE_INFINITY), "wait-duration-multiplier",
                "Infinity", "finite");
        assertInvalid(b -> b.maxWaitDurationInOpenState(Duration.ofSeconds(-1)), "max-wait-duration-in-open-state",
                "PT-1S", "zero (off) or a positive duration");
        assertInvalid(b -> b.permittedNumberOfCallsInHalfOpenState(0), "permitted-number-of-calls-in-half-open-state",
                "0", "between 1 and");
        assertInvalid(b -> b.maxWaitDurationInHalfOpenState(Duration.ofSeconds(-2)),
                "max-wait-duration-in-half-open-state", "PT-2S", "zero (off)");
        assertInvalid(b -> b.slidingWindowMaxAge(null), "sliding-window-max-age", "null", "zero (off)");
        assertInvalid(b -> b.slidingWindowType(null), "sliding-window-type", "null", "COUNT_BASED or TIME_BASED");
        assertInvalid(b -> b.mode(null), "mode", "null", "ENFORCE or OBSERVE");
        assertInvalid(b -> b.successThresholdInHalfOpenState(-1), "success-threshold-in-half-open-state", "-1",
                "0 (off) or a positive number");
        assertInvalid(b -> b.openWait(null), "open-wait", "null", "an OpenWait");
    }

    @Test
    void rejectsCombinationsThatCannotWorkWhenBuilding() {
        assertInvalid(b -> b.slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(7200).build(),
                "sliding-window-size", "7200", "between 1 and 3600 seconds for a TIME_BASED window");
        assertInvalid(b -> b.slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowMaxAge(Duration.ofMinutes(5)).build(),
                "sliding-window-max-age", "PT5M", "applies to COUNT_BASED windows");
        assertInvalid(b -> b.waitDurationInOpenState(Duration.ofSeconds(60))
                .maxWaitDurationInOpenState(Duration.ofSeconds(30)).build(),
                "max-wait-duration-in-open-state", "PT30S", "at least wait-duration-in-open-state (PT1M)");
        assertInvalid(b -> b.permittedNumberOfCallsInHalfOpenState(5).successThresholdInHalfOpenState(6).build(),
                "success-threshold-in-half-open-state", "6", "at most permitted-number-of-calls-in-half-open-state (5)");
        BreakerConfig atTheLimit = BreakerConfig.builder().permittedNumberOfCallsInHalfOpenState(5)
                .successThresholdInHalfOpenState(5).build();
        assertThat(atTheLimit.successThresholdInHalfOpenState()).isEqualTo(5);
    }

    @Test
    void classifiesEveryExceptionAsFailureByDefault() {
        BreakerConfig config = BreakerConfig.defaults();
        assertThat(config.classify(new IOException())).isEqualTo(CallOutcome.FAILURE);
        assertThat(config.classify(new IllegalStateException())).isEqualTo(CallOutcome.FAILURE);
        assertThat(config.classify(new StackOverflowError())).isEqualTo(CallOutcome.FAILURE);
    }

    @Test
    void ignoredExceptionsWinOverRecordedOnesAndSubclassesMatch() {
        BreakerConfig config = BreakerConfig.builder()
                .recordExceptions(IOException.class)
                .ignoreExceptions(java.io.FileNotFoundException.class)
                .build();
        assertThat(config.classify(new IOException())).isEqualTo(CallOutcome.FAILURE);
        assertThat(config.classify(new java.net.SocketTimeoutException())).isEqualTo(CallOutcome.FAILURE);
        assertThat(config.classify(new java.io.FileNotFoundException())).isEqualTo(CallOutcome.IGNORED);
        // Not in record-exceptions: the dependency answered, so it counts as a success.
        assertThat(config.classify(new IllegalArgumentException())).isEqualTo(CallOutcome.SUCCESS);
    }

    @Test
    void predicatesExtendTheClassLists() {
        BreakerConfig config = BreakerConfig.builder()
                .recordExceptions(IOException.class)
                .recordException(e -> e instanceof UncheckedIOException)
                .ignoreException(e -> "ignore me".equals(e.getMessage()))
                .build();
        assertThat(config.classify(new UncheckedIOException(new IOException()))).isEqualTo(CallOutcome.FAILURE);
        assertThat(config.classify(new IOException("ignore me"))).isEqualTo(CallOutcome.IGNORED);
        assertThat(config.classify(new IllegalStateException())).isEqualTo(CallOutcome.SUCCESS);
    }

    @Test
    void resultPredicateMarksReturnedValuesAsFailures() {
        BreakerConfig config = BreakerConfig.builder().recordResult(r -> "BUSY".equals(r)).build();
        assertThat(config.isFailureResult("BUSY")).isTrue();
        assertThat(config.isFailureResult("OK")).isFalse();
        assertThat(config.isFailureResult(null)).isFalse();
        assertThat(BreakerConfig.defaults().isFailureResult("BUSY")).isFalse();
    }

    private static void assertInvalid(Consumer<BreakerConfig.Builder> change, String setting, String value,
            String accepted) {
        assertThatThrownBy(() -> change.accept(BreakerConfig.builder()))
                .isInstanceOf(InvalidBreakerConfigException.class)
                .hasMessageStartingWith(setting + " was " + value + ", but it must be ")
                .hasMessageContaining(accepted)
                .satisfies(e -> {
                    InvalidBreakerConfigException invalid = (InvalidBreakerConfigException) e;
                    assertThat(invalid.setting()).isEqualTo(setting);
                    assertThat(invalid.value()).isEqualTo("null".equals(value) ? null : value);
                });
    }
}
