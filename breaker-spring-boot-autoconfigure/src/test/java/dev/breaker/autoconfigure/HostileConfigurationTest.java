package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Every way a setting can be wrong stops startup with a report naming the property and what it accepts:
 * wrong types, out-of-range values, empty values, unknown enum values and misspelt keys.
 */
class HostileConfigurationTest {

    private static final String PATH = "breaker.profiles.payment.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("sliding-window-type", "sometimes", "count-based or time-based"),
                Arguments.of("sliding-window-size", "many", "a whole number"),
                Arguments.of("sliding-window-max-age", "forever", "a duration such as 30s or 5m, or 0 (off)"),
                Arguments.of("minimum-number-of-calls", "1.5", "a whole number, at least 1"),
                Arguments.of("failure-rate-threshold", "half", "a percentage in (0, 100]"),
                Arguments.of("slow-call-rate-threshold", "most", "a percentage in (0, 100]"),
                Arguments.of("slow-call-duration-threshold", "slowish", "a positive duration such as 500ms, 2s or 1m"),
                Arguments.of("consecutive-failure-threshold", "three", "0 (off) or a whole number of failures"),
                Arguments.of("wait-duration-in-open-state", "a while", "a positive duration"),
                Arguments.of("wait-duration-jitter", "some", "a ratio in [0, 1]"),
                Arguments.of("wait-duration-multiplier", "double", "a number >= 1"),
                Arguments.of("max-wait-duration-in-open-state", "10 minutes", "a duration such as 30s or 5m"),
                Arguments.of("automatic-transition-to-half-open", "sure", "true or false"),
                Arguments.of("permitted-number-of-calls-in-half-open-state", "ten", "a whole number, at least 1"),
                Arguments.of("max-wait-duration-in-half-open-state", "-", "a duration such as 30s or 5m"),
                Arguments.of("success-threshold-in-half-open-state", "all", "0 (off) or a whole number of trial calls"),
                Arguments.of("mode", "observing", "enforce or observe"),
                Arguments.of("affects-health", "maybe", "true or false"),
                Arguments.of("shared-window", "fleet", "true or false"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeNamesThePropertyAndWhatItAccepts(String setting, String value, String accepted) {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + setting + "=" + value);
        assertThat(analysis.getDescription())
                .startsWith("Invalid breaker setting: " + PATH + setting + " is '" + value + "'")
                .contains("but it must be " + accepted);
        assertThat(analysis.getAction()).startsWith("Update " + PATH + setting + " in your configuration to ");
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("sliding-window-size", "0", "at least 1"),
                Arguments.of("sliding-window-max-age", "-5s", "zero (off) or a positive duration"),
                Arguments.of("minimum-number-of-calls", "0", "at least 1"),
                Arguments.of("failure-rate-threshold", "0", "a percentage in (0, 100]"),
                Arguments.of("failure-rate-threshold", "101", "a percentage in (0, 100]"),
                Arguments.of("slow-call-rate-threshold", "-3", "a percentage in (0, 100]"),
                Arguments.of("slow-call-duration-threshold", "0s", "a positive duration"),
                Arguments.of("consecutive-failure-threshold", "-1", "0 (off) or a positive number of failures"),
                Arguments.of("wait-duration-in-open-state", "0ms", "a positive duration"),
                Arguments.of("wait-duration-jitter", "1.5", "a ratio in [0, 1]"),
                Arguments.of("wait-duration-multiplier", "0.5", "a finite number >= 1"),
                Arguments.of("max-wait-duration-in-open-state", "-1m", "zero (off) or a positive duration"),
                Arguments.of("permitted-number-of-calls-in-half-open-state", "0", "between 1 and 1000000"),
                Arguments.of("max-wait-duration-in-half-open-state", "-1s", "zero (off) or a positive duration"),
                Arguments.of("success-threshold-in-half-open-state", "-1", "0 (off) or a positive number of trial calls"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outOfRange")
    void anOutOfRangeValueNamesThePropertyTheValueAndTheRange(String setting, String value, String accepted) {
        FailureAnalysis analysis = analyze(new BreakerConfigurationFailureAnalyzer(), PATH + setting + "=" + value);
        assertThat(analysis.getDescription()).startsWith("Invalid breaker setting: " + PATH + setting + " is ")
                .contains("but it must be " + accepted);
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void anEmptyValueIsRefusedRatherThanReadAsTheDefault(String setting, String ignoredValue, String accepted) {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + setting + "=");
        assertThat(analysis.getDescription())
                .startsWith("Invalid breaker setting: " + PATH + setting + " is empty")
                .contains(", but it must be " + accepted);
        assertThat(analysis.getAction())
                .isEqualTo("Give " + PATH + setting + " a value, or remove the key to use the default.");
    }

    @Test
    void anEmptyExceptionListMeansNone() {
        runner.withPropertyValues(PATH + "ignore-exceptions=").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aMisspeltKeySuggestsTheSettingItResembles() {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), PATH + "failure-rate-treshold=10");
        assertThat(analysis.getDescription()).startsWith(PATH + "failure-rate-treshold")
                .contains("is not a breaker setting (did you mean failure-rate-threshold?)");
        assertThat(analysis.getAction()).contains("failure-rate-threshold").contains("wait-duration-in-open-state");
    }

    @Test
    void aWrongTopLevelValueIsNamedToo() {
        FailureAnalysis analysis = analyze(new BreakerBindFailureAnalyzer(), "breaker.aspect-order=first");
        assertThat(analysis.getDescription()).isEqualTo(
                "Invalid breaker setting: breaker.aspect-order is 'first' (from \"breaker.aspect-order\" from property"
                        + " source \"test\"), but it must be a whole number (the advice order; lower runs first).");
    }

    @Test
    void failuresOutsideBreakerAreLeftToBoot() {
        runner.withPropertyValues("breaker.enabled=true").withBean(Object.class, () -> {
            throw new IllegalStateException("unrelated");
        }).run(context -> {
            assertThat(context).hasFailed();
            assertThat(new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
            assertThat(new BreakerConfigurationFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
        });
    }

    private FailureAnalysis analyze(FailureAnalyzer analyzer, String property) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).as(property).hasFailed();
            result[0] = analyzer.analyze(context.getStartupFailure());
            assertThat(result[0]).as("analysis of %s", context.getStartupFailure()).isNotNull();
        });
        return result[0];
    }
}
