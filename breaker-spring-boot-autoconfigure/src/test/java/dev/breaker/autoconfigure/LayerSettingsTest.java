package dev.breaker.autoconfigure;

import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BulkheadConfig;
import dev.breaker.CallOutcome;
import dev.breaker.CallTimeoutException;
import dev.breaker.RetryConfig;
import dev.breaker.annotation.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The timeout, bulkhead and retry settings: resolved key by key through defaults, profile and instance,
 * checked at startup with the full property path, and applied by the auto-configured advisor.
 */
class LayerSettingsTest {

    private static final String PATH = "breaker.profiles.payment.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    // ---- resolution ---------------------------------------------------------------------------

    @Test
    void retrySettingsLayerKeyByKeyThroughDefaultsProfileAndInstance() {
        runner.withPropertyValues(
                "breaker.defaults.retry.max-attempts=2",
                "breaker.defaults.retry.wait-duration=200ms",
                "breaker.defaults.retry.backoff=exponential",
                "breaker.profiles.payment.retry.max-attempts=3",
                "breaker.profiles.payment.retry.jitter=0.2",
                "breaker.instances.card-vault.profile=payment",
                "breaker.instances.card-vault.retry.wait-duration=1s",
                "breaker.instances.card-vault.retry.retry-exceptions=java.io.IOException")
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    RetryConfig payment = definitions.definition("payment").layers().retry();
                    assertThat(payment.maxAttempts()).isEqualTo(3);
                    assertThat(payment.waitDuration()).isEqualTo(Duration.ofMillis(200));
                    assertThat(payment.backoff()).isEqualTo(RetryConfig.Backoff.EXPONENTIAL);
                    assertThat(payment.jitter()).isEqualTo(0.2);

                    RetryConfig cardVault = definitions.definition("card-vault").layers().retry();
                    assertThat(cardVault.maxAttempts()).isEqualTo(3);
                    assertThat(cardVault.waitDuration()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(cardVault.jitter()).isEqualTo(0.2);
                    assertThat(cardVault.retryExceptions()).containsExactly(IOException.class);

                    RetryConfig other = definitions.definition("inventory").layers().retry();
                    assertThat(other.maxAttempts()).isEqualTo(2);
                    assertThat(other.jitter()).isZero();
                });
    }

    @Test
    void theBulkheadAndTimeoutResolveLikeTheOtherSettings() {
        runner.withPropertyValues(
                "breaker.defaults.max-wait-duration=100ms",
                "breaker.profiles.payment.max-concurrent-calls=5",
                "breaker.profiles.payment.timeout=1200ms")
                .run(context -> {
                    LayerSettings payment = context.getBean(BreakerDefinitions.class).definition("payment").layers();
                    BulkheadConfig bulkhead = payment.bulkhead();
                    assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(5);
                    assertThat(bulkhead.maxWaitDuration()).isEqualTo(Duration.ofMillis(100));
                    assertThat(payment.timeout().timeout()).isEqualTo(Duration.ofMillis(1200));
                    assertThat(payment.retry()).isNull();
                    assertThat(context.getBean(GuardRegistry.class).guard("payment").hasLayers()).isTrue();
                });
    }

    @Test
    void everyLayerIsOffByDefaultAndAProfileTurnsOffWhatTheDefaultsTurnOn() {
        runner.withPropertyValues(
                "breaker.defaults.timeout=2s",
                "breaker.defaults.max-concurrent-calls=10",
                "breaker.defaults.retry.max-attempts=3",
                "breaker.profiles.payment.timeout=0",
                "breaker.profiles.payment.max-concurrent-calls=0",
                "breaker.profiles.payment.retry.max-attempts=1")
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.definition("payment").layers()).isSameAs(LayerSettings.NONE);
                    assertThat(definitions.definition("inventory").layers().any()).isTrue();
                    assertThat(context.getBean(GuardRegistry.class).guard("payment").hasLayers()).isFalse();
                });
        runner.run(context -> assertThat(context.getBean(BreakerDefinitions.class).definition("payment").layers())
                .isSameAs(LayerSettings.NONE));
    }

    @Test
    void aTimeoutAlwaysCountsAsASlowFailure() {
        runner.withPropertyValues(
                "breaker.profiles.payment.timeout=2s",
                "breaker.profiles.payment.record-exceptions=java.io.IOException",
                "breaker.profiles.search.timeout=2s",
                "breaker.profiles.search.slow-call-duration-threshold=500ms")
                .run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    var payment = definitions.definition("payment").config();
                    assertThat(payment.classify(new CallTimeoutException("payment", Duration.ofSeconds(2))))
                            .isEqualTo(CallOutcome.FAILURE);
                    assertThat(payment.classify(new IllegalStateException())).isEqualTo(CallOutcome.SUCCESS);
                    assertThat(payment.slowCallDurationThreshold()).as("capped at the timeout")
                            .isEqualTo(Duration.ofSeconds(2));
                    assertThat(definitions.definition("search").config().slowCallDurationThreshold())
                            .isEqualTo(Duration.ofMillis(500));
                });
    }

    // ---- the advisor applies them ---------------------------------------------------------------

    @Test
    void theAutoConfiguredAdvisorRetriesThroughTheBreaker() {
        runner.withUserConfiguration(FlakyClientConfig.class)
                .withPropertyValues("breaker.profiles.payment.retry.max-attempts=3",
                        "breaker.profiles.payment.retry.wait-duration=0")
                .run(context -> {
                    FlakyClient client = context.getBean(FlakyClient.class);
                    assertThat(client.pay()).isEqualTo("paid after 3 attempts");
                    assertThat(context.getBean(dev.breaker.BreakerRegistry.class).find("payment").orElseThrow()
                            .metrics().failedCallsTotal()).isEqualTo(2);
                });
    }

    // ---- bad values ---------------------------------------------------------------------------

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("timeout", "-1s", "zero (off) or a positive duration"),
                Arguments.of("timeout", "500us", "zero (off) or a positive duration of at least 1ms"),
                Arguments.of("max-concurrent-calls", "-1", "0 (unlimited) or between 1 and 1000000"),
                Arguments.of("max-wait-duration", "-5ms", "zero (fail fast) or a positive duration"),
                Arguments.of("retry.max-attempts", "0", "a whole number from 1 (no retry) to 100"),
                Arguments.of("retry.max-attempts", "1000", "a whole number from 1 (no retry) to 100"),
                Arguments.of("retry.wait-duration", "-1s", "zero (retry at once) or a positive duration"),
                Arguments.of("retry.multiplier", "0.5", "a finite number >= 1"),
                Arguments.of("retry.max-wait-duration", "-1s", "zero (no cap) or a positive duration"),
                Arguments.of("retry.jitter", "2", "a ratio in [0, 1]"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outOfRange")
    void anOutOfRangeValueNamesThePropertyTheValueAndTheRange(String setting, String value, String accepted) {
        FailureAnalysis analysis = analyze(new BreakerConfigurationFailureAnalyzer(), PATH + setting + "=" + value);
        assertThat(analysis.getDescription()).startsWith("Invalid breaker setting: " + PATH + setting + " is ")
                .contains("but it must be " + accepted);
        assertThat(analysis.getAction()).startsWith("Update " + PATH + setting + " in your configuration to ");
    }

    @Test
    void aCapBelowTheFirstWaitNamesTheLayerThatSetTheCap() {
        FailureAnalysis analysis = analyze(new BreakerConfigurationFailureAnalyzer(),
                "breaker.defaults.retry.wait-duration=2s", PATH + "retry.max-wait-duration=1s");
        assertThat(analysis.getDescription()).isEqualTo("Invalid breaker setting: " + PATH
                + "retry.max-wait-duration is PT1S, but it must be zero (no cap) or at least retry.wait-duration (PT2S).");
    }

    @Test
    void badDefaultsAreReportedEvenWithoutAnyProfile() {
        FailureAnalysis analysis = analyze(new BreakerConfigurationFailureAnalyzer(),
                "breaker.defaults.retry.max-attempts=0");
        assertThat(analysis.getDescription()).isEqualTo("Invalid breaker setting: breaker.defaults.retry.max-attempts"
                + " is 0, but it must be a whole number from 1 (no retry) to 100.");
    }

    @Test
    void anUnknownRetryExceptionClassIsNamedWithItsIndex() {
        FailureAnalysis analysis = analyze(new BreakerConfigurationFailureAnalyzer(),
                PATH + "retry.retry-exceptions=java.io.IOException,com.example.Nope");
        assertThat(analysis.getDescription()).isEqualTo(PATH + "retry.retry-exceptions[1] is 'com.example.Nope',"
                + " but no class of that name is on the classpath.");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("timeout", "soon", "a duration such as 500ms or 2s, or 0 (off)"),
                Arguments.of("max-concurrent-calls", "many", "0 (unlimited) or a whole number of calls"),
                Arguments.of("max-wait-duration", "briefly", "a duration such as 100ms or 1s, or 0 (fail fast)"),
                Arguments.of("retry.max-attempts", "three", "a whole number from 1 (no retry) to 100"),
                Arguments.of("retry.wait-duration", "later", "a duration such as 200ms or 1s, or 0 (retry at once)"),
                Arguments.of("retry.backoff", "sometimes", "fixed, linear or exponential"),
                Arguments.of("retry.multiplier", "double", "a number >= 1"),
                Arguments.of("retry.max-wait-duration", "never", "a duration such as 5s, or 0 (no cap)"),
                Arguments.of("retry.jitter", "some", "a ratio in [0, 1]"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeNamesThePropertyAndWhatItAccepts(String setting, String value, String accepted) {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + setting + "=" + value);
        assertThat(analysis.getDescription())
                .startsWith("Invalid breaker setting: " + PATH + setting + " is '" + value + "'")
                .contains("but it must be " + accepted);
    }

    @Test
    void aSingleValueWhereTheRetryObjectBelongsIsNamed() {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + "retry=3");
        assertThat(analysis.getDescription()).isEqualTo("Invalid breaker setting: " + PATH + "retry is a single value,"
                + " but it must be an object with the keys max-attempts, wait-duration, backoff, multiplier,"
                + " max-wait-duration, jitter, retry-exceptions, ignore-exceptions.");
    }

    @Test
    void anEmptyRetrySettingIsRefusedRatherThanReadAsTheDefault() {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + "retry.max-attempts=");
        assertThat(analysis.getDescription())
                .startsWith("Invalid breaker setting: " + PATH + "retry.max-attempts is empty")
                .contains("but it must be a whole number from 1 (no retry) to 100");
    }

    @Test
    void aMisspeltRetryKeyFailsAndSuggestsTheKeyItResembles() {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + "retry.max-atempts=3");
        assertThat(analysis.getDescription()).startsWith(PATH + "retry.max-atempts")
                .contains("is not a breaker setting (did you mean retry.max-attempts?)");
        FailureAnalysis withKnownKeys = analyze(new BreakerBindFailureAnalyzer(),
                "breaker.instances.card-vault.retry.max-attempts=3", "breaker.instances.card-vault.retry.jiter=0.1");
        assertThat(withKnownKeys.getDescription()).startsWith("breaker.instances.card-vault.retry.jiter")
                .contains("(did you mean retry.jitter?)");
    }

    private FailureAnalysis analyze(FailureAnalyzer analyzer, String... properties) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).as(String.join(", ", properties)).hasFailed();
            result[0] = analyzer.analyze(context.getStartupFailure());
            assertThat(result[0]).as("analysis of %s", context.getStartupFailure()).isNotNull();
        });
        return result[0];
    }

    @Configuration(proxyBeanMethods = false)
    static class FlakyClientConfig {

        @Bean
        FlakyClient flakyClient() {
            return new FlakyClient();
        }
    }

    static class FlakyClient {

        private final AtomicInteger attempts = new AtomicInteger();

        @CircuitBreaker(name = "payment")
        public String pay() throws IOException {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("refused");
            }
            return "paid after " + attempts + " attempts";
        }
    }
}
