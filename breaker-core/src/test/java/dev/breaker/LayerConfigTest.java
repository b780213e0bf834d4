package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The layers' builders check every value up front and name the setting, the value and what it accepts. */
class LayerConfigTest {

    @Test
    void retryDefaultsAreOneAttemptAndAFixedHalfSecondWait() {
        RetryConfig config = RetryConfig.defaults();
        assertThat(config.maxAttempts()).isEqualTo(1);
        assertThat(config.waitDuration()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.backoff()).isEqualTo(RetryConfig.Backoff.FIXED);
        assertThat(config.multiplier()).isEqualTo(2.0);
        assertThat(config.maxWaitDuration()).isZero();
        assertThat(config.jitter()).isZero();
        assertThat(config.retryExceptions()).isEmpty();
        assertThat(config.ignoreExceptions()).isEmpty();
    }

    @Test
    void retryRejectsEveryOutOfRangeValueNamingTheKebabCaseSetting() {
        assertInvalid(() -> RetryConfig.builder().maxAttempts(0), "retry.max-attempts", "0",
                "a whole number from 1 (no retry) to 100");
        assertInvalid(() -> RetryConfig.builder().maxAttempts(101), "retry.max-attempts", "101", "to 100");
        assertInvalid(() -> RetryConfig.builder().waitDuration(Duration.ofMillis(-1)), "retry.wait-duration",
                "PT-0.001S", "zero (retry at once) or a positive duration");
        assertInvalid(() -> RetryConfig.builder().multiplier(0.5), "retry.multiplier", "0.5", "a finite number >= 1");
        assertInvalid(() -> RetryConfig.builder().multiplier(Double.NaN), "retry.multiplier", "NaN", ">= 1");
        assertInvalid(() -> RetryConfig.builder().maxWaitDuration(Duration.ofDays(400)), "retry.max-wait-duration",
                "PT9600H", "at most 365 days");
        assertInvalid(() -> RetryConfig.builder().jitter(1.5), "retry.jitter", "1.5", "a ratio in [0, 1]");
        assertInvalid(() -> RetryConfig.builder().jitter(-0.1), "retry.jitter", "-0.1", "a ratio in [0, 1]");
        assertInvalid(() -> RetryConfig.builder().backoff(null), "retry.backoff", "null", "fixed, linear or exponential");
        assertInvalid(() -> RetryConfig.builder().waitDuration(Duration.ofSeconds(2))
                        .maxWaitDuration(Duration.ofSeconds(1)).build(), "retry.max-wait-duration", "PT1S",
                "zero (no cap) or at least retry.wait-duration (PT2S)");
    }

    @Test
    void retryExceptionListsMustHoldThrowableClasses() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Class<? extends Throwable>> notExceptions = (List) List.of(String.class);
        assertInvalid(() -> RetryConfig.builder().retryExceptions(notExceptions), "retry.retry-exceptions",
                "class java.lang.String", "a list of Throwable classes");
        assertInvalid(() -> RetryConfig.builder().ignoreExceptions(notExceptions), "retry.ignore-exceptions",
                "class java.lang.String", "a list of Throwable classes");
        assertThat(RetryConfig.builder().retryExceptions(IOException.class).build().retryExceptions())
                .containsExactly(IOException.class);
    }

    @Test
    void bulkheadRejectsOutOfRangeValues() {
        assertInvalid(() -> BulkheadConfig.builder(0), "max-concurrent-calls", "0", "between 1 and 1000000");
        assertInvalid(() -> BulkheadConfig.builder(2_000_000), "max-concurrent-calls", "2000000", "between 1 and");
        assertInvalid(() -> BulkheadConfig.builder(5).maxWaitDuration(Duration.ofSeconds(-1)), "max-wait-duration",
                "PT-1S", "zero (fail fast) or a positive duration");
        BulkheadConfig config = BulkheadConfig.builder(5).build();
        assertThat(config.maxConcurrentCalls()).isEqualTo(5);
        assertThat(config.maxWaitDuration()).isZero();
    }

    @Test
    void timeoutMustBeAtLeastAMillisecond() {
        assertInvalid(() -> TimeoutConfig.builder(Duration.ZERO), "timeout", "PT0S", "a positive duration");
        assertInvalid(() -> TimeoutConfig.builder(Duration.ofNanos(10)), "timeout", "PT0.00000001S", "at least 1ms");
        assertInvalid(() -> TimeoutConfig.builder(Duration.ofDays(366)), "timeout", "PT8784H", "at most 365 days");
        assertThat(TimeoutConfig.builder(Duration.ofMillis(1200)).build().timeout()).isEqualTo(Duration.ofMillis(1200));
    }

    private static void assertInvalid(Executable build, String setting, String value, String accepted) {
        assertThatThrownBy(build::execute).isInstanceOfSatisfying(InvalidBreakerConfigException.class, e -> {
            assertThat(e.setting()).isEqualTo(setting);
            assertThat(String.valueOf(e.value())).isEqualTo(value);
            assertThat(e.accepted()).contains(accepted);
            assertThat(e.getMessage()).startsWith(setting + " was " + value + ", but it must be ");
        });
    }
}
