package dev.breaker.autoconfigure;

import static dev.breaker.autoconfigure.StartupFailures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.definition.TuningSettings;
import dev.breaker.definition.TuningSettings.Experiment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code experiments} and {@code recording}: resolved through the levels like every setting, each experiment on top
 * of its breaker's own settings, and every mistake stopping startup with the property's full path and what it
 * accepts.
 */
class TuningConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class));

    @Test
    void experimentsKeepTheSettingsTheyChangeAsAConfigurationFileWritesThem() {
        runner.withPropertyValues("breaker.instances.payment.failure-rate-threshold=50",
                "breaker.instances.payment.experiments.strict.failure-rate-threshold=10",
                "breaker.instances.payment.experiments.strict.minimum-number-of-calls=10",
                "breaker.instances.payment.experiments.lenient.wait-duration-in-open-state=15s",
                "breaker.instances.payment.experiments.lenient.sliding-window-type=time-based").run(context -> {
                    TuningSettings tuning = context.getBean(BreakerDefinitions.class).definition("payment").tuning();
                    assertThat(tuning.experiments()).extracting(Experiment::name).containsExactly("strict", "lenient");
                    assertThat(tuning.experiments().get(0).settings()).isEqualTo(
                            Map.of("failure-rate-threshold", "10", "minimum-number-of-calls", "10"));
                    assertThat(tuning.experiments().get(0).path())
                            .isEqualTo("breaker.instances.payment.experiments.strict");
                    assertThat(tuning.experiments().get(1).settings()).isEqualTo(
                            Map.of("wait-duration-in-open-state", "15s", "sliding-window-type", "TIME_BASED"));
                    assertThat(tuning.recording()).isFalse();
                });
    }

    @Test
    void anInstancesExperimentReplacesItsProfilesOfTheSameNameWhole() {
        runner.withPropertyValues("breaker.defaults.experiments.everywhere.consecutive-failure-threshold=5",
                "breaker.profiles.payment.experiments.strict.failure-rate-threshold=10",
                "breaker.profiles.payment.experiments.strict.minimum-number-of-calls=10",
                "breaker.profiles.payment.experiments.slow.slow-call-duration-threshold=2s",
                "breaker.instances.card-vault.profile=payment",
                "breaker.instances.card-vault.experiments.strict.failure-rate-threshold=20").run(context -> {
                    TuningSettings tuning = context.getBean(BreakerDefinitions.class).definition("card-vault").tuning();
                    assertThat(tuning.experiments()).extracting(Experiment::name)
                            .containsExactly("everywhere", "strict", "slow");
                    assertThat(tuning.experiments().get(1).settings()).isEqualTo(Map.of("failure-rate-threshold", "20"));
                    assertThat(tuning.experiments().get(1).path())
                            .isEqualTo("breaker.instances.card-vault.experiments.strict");
                    assertThat(tuning.experiments().get(2).path()).isEqualTo("breaker.profiles.payment.experiments.slow");
                    assertThat(context.getBean(BreakerDefinitions.class).definition("search").tuning().experiments())
                            .extracting(Experiment::name).containsExactly("everywhere");
                });
    }

    @Test
    void aBreakerWithNeitherHasNothingToAttach() {
        runner.withPropertyValues("breaker.instances.payment.failure-rate-threshold=20").run(context ->
                assertThat(context.getBean(BreakerDefinitions.class).definition("payment").tuning())
                        .isSameAs(TuningSettings.NONE));
    }

    @Test
    void recordingFallsThroughKeyByKey() {
        runner.withPropertyValues("breaker.profiles.payment.recording.max-events=500",
                "breaker.instances.payment.recording.enabled=true",
                "breaker.instances.search.recording.enabled=true",
                "breaker.instances.quiet.recording.max-events=7").run(context -> {
                    BreakerDefinitions definitions = context.getBean(BreakerDefinitions.class);
                    assertThat(definitions.definition("payment").tuning().recordingMaxEvents()).isEqualTo(500);
                    assertThat(definitions.definition("search").tuning().recordingMaxEvents()).isEqualTo(100_000);
                    assertThat(definitions.definition("quiet").tuning().recording()).isFalse();
                });
    }

    @Test
    void anExperimentValueOutOfRangeNamesItsFullPath() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-threshold=150"),
                "Invalid breaker setting: breaker.instances.payment.experiments.strict.failure-rate-threshold is 150.0,"
                        + " but it must be a percentage in (0, 100].",
                "Update breaker.instances.payment.experiments.strict.failure-rate-threshold in your configuration to a"
                        + " percentage in (0, 100].");
    }

    @Test
    void anExperimentIsCheckedOnTopOfTheBreakersOwnSettings() {
        // Fine on its own, but the breaker caps its open wait at 1m.
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.max-wait-duration-in-open-state=1m",
                        "breaker.profiles.payment.experiments.lenient.wait-duration-in-open-state=2m"),
                "Invalid breaker setting: breaker.profiles.payment.experiments.lenient.max-wait-duration-in-open-state"
                        + " is PT1M, but it must be zero (no cap) or at least wait-duration-in-open-state (PT2M).",
                null);
    }

    @Test
    void anExperimentOfDefaultsIsCheckedEvenWithoutAnyBreaker() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.experiments.tiny.sliding-window-size=0"),
                "Invalid breaker setting: breaker.defaults.experiments.tiny.sliding-window-size is 0, but it must be at"
                        + " least 1",
                null);
    }

    @Test
    void anExperimentValueOfTheWrongTypeSaysWhatItAccepts() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-threshold=lots"),
                "Invalid breaker setting: breaker.instances.payment.experiments.strict.failure-rate-threshold is 'lots'",
                null);
        runner.withPropertyValues("breaker.instances.payment.experiments.strict.minimum-number-of-calls=few")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                            .endsWith(", but it must be a whole number, at least 1.");
                });
    }

    @Test
    void anExperimentCannotTryWhatIsNotARuleOfTheBreaker() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.strict.mode=observe"),
                "breaker.instances.payment.experiments.strict.mode (from \"breaker.instances.payment.experiments.strict"
                        + ".mode\" from property source \"test\") is not a setting an experiment can try (mode is"
                        + " accepted only as breaker.defaults.mode, breaker.instances.<name>.mode or"
                        + " breaker.profiles.<name>.mode).",
                null);
        runner.withPropertyValues("breaker.profiles.payment.experiments.retrying.retry.max-attempts=3").run(context -> {
            assertThat(context).hasFailed();
            String action = new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure()).getAction();
            assertThat(action).contains("Under breaker.profiles.<name>.experiments.<name>, the accepted keys are: "
                    + String.join(", ", BreakerRules.NAMES) + ".");
        });
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.strict.failure-rate-treshold=10"),
                "breaker.instances.payment.experiments.strict.failure-rate-treshold (from", null);
    }

    @Test
    void anExperimentIsAnObjectOfSettings() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.strict=10"),
                "Invalid breaker setting: breaker.instances.payment.experiments.strict is a single value, but it must be"
                        + " an object of the breaker settings it tries, such as failure-rate-threshold: 10 or"
                        + " wait-duration-in-open-state: 15s.",
                null);
    }

    @Test
    void anExperimentCannotBeNamedLive() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.experiments.live.failure-rate-threshold=10"),
                "breaker.instances.payment.experiments.live is named 'live', the name of the baseline: the breaker's own"
                        + " settings, judged like every experiment and shown beside them.",
                "Give the experiment another name: the baseline is reported as 'live' beside every experiment anyway.");
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.experiments[LIVE].failure-rate-threshold=10"),
                "breaker.profiles.payment.experiments[LIVE] is named 'LIVE'", null);
    }

    @Test
    void maxEventsIsCheckedAtEveryLevelThatSetsIt() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.recording.max-events=0"),
                "Invalid breaker setting: breaker.profiles.payment.recording.max-events is 0, but it must be a whole"
                        + " number from 1 to 10000000.",
                "Update breaker.profiles.payment.recording.max-events in your configuration to a whole number from 1 to"
                        + " 10000000.");
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.recording.enabled=true",
                        "breaker.defaults.recording.max-events=20000000"),
                "Invalid breaker setting: breaker.defaults.recording.max-events is 20000000", null);
    }

    @Test
    void recordingValuesOfTheWrongTypeSayWhatTheyAccept() {
        assertAnalysis(runner.withPropertyValues("breaker.instances.payment.recording.enabled=sometimes"),
                "Invalid breaker setting: breaker.instances.payment.recording.enabled is 'sometimes'", null);
        runner.withPropertyValues("breaker.instances.payment.recording.max-events=many").run(context ->
                assertThat(new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                        .endsWith(", but it must be a whole number from 1 to 10000000."));
    }
}
