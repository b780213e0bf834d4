package dev.breaker.autoconfigure;

import static dev.breaker.autoconfigure.StartupFailures.assertAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Bad configuration stops startup with a report that names the property, the value and what is accepted. */
class BreakerConfigurationFailureTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BreakerAutoConfiguration.class,
                    BreakerAopAutoConfiguration.class));

    @Test
    void anOutOfRangeThresholdInAProfileNamesItsFullPath() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.failure-rate-threshold=150"),
                "Invalid breaker setting: breaker.profiles.payment.failure-rate-threshold is 150.0, but it must be "
                        + "a percentage in (0, 100].",
                "Update breaker.profiles.payment.failure-rate-threshold in your configuration to a percentage in (0, 100].");
    }

    @Test
    void anOutOfRangeValueInDefaultsOrAnInstanceNamesItsOwnLevel() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.wait-duration-jitter=2"),
                "Invalid breaker setting: breaker.defaults.wait-duration-jitter is 2.0, but it must be a ratio in [0, 1].",
                null);
        assertAnalysis(runner.withPropertyValues("breaker.instances.card-vault.sliding-window-size=0"),
                "Invalid breaker setting: breaker.instances.card-vault.sliding-window-size is 0, but it must be at least 1",
                null);
        assertAnalysis(runner.withPropertyValues("breaker.instances.card-vault.wait-duration-in-open-state=-1s"),
                "Invalid breaker setting: breaker.instances.card-vault.wait-duration-in-open-state is PT-1S, but it must "
                        + "be a positive duration",
                null);
    }

    @Test
    void settingsThatConflictAcrossLevelsNameTheOneWithTheLastWord() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.wait-duration-in-open-state=60s",
                        "breaker.profiles.payment.max-wait-duration-in-open-state=30s"),
                "Invalid breaker setting: breaker.profiles.payment.max-wait-duration-in-open-state is PT30S, but it must "
                        + "be zero (no cap) or at least wait-duration-in-open-state (PT1M).",
                null);
    }

    @Test
    void aSuccessThresholdAboveTheTrialCallsNamesBoth() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.permitted-number-of-calls-in-half-open-state=5",
                        "breaker.instances.card-vault.success-threshold-in-half-open-state=6"),
                "Invalid breaker setting: breaker.instances.card-vault.success-threshold-in-half-open-state is 6, but it"
                        + " must be at most permitted-number-of-calls-in-half-open-state (5)",
                null);
    }

    @Test
    void anUnknownModeListsTheModes() {
        runner.withPropertyValues("breaker.profiles.payment.mode=shadow").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new BreakerBindFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith(
                    "Invalid breaker setting: breaker.profiles.payment.mode is 'shadow'")
                    .endsWith(", but it must be enforce or observe.");
        });
    }

    @Test
    void anInstanceNamingAMissingProfileListsTheProfilesThatExist() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.failure-rate-threshold=10",
                        "breaker.profiles.search.failure-rate-threshold=50",
                        "breaker.instances.card-vault.profile=paymnet"),
                "breaker.instances.card-vault.profile names profile 'paymnet', which does not exist. "
                        + "Profiles that exist: [payment, search].",
                "Set breaker.instances.card-vault.profile to one of [payment, search], or define breaker.profiles.paymnet.");
    }

    @Test
    void anExceptionClassThatDoesNotExistIsNamedWithItsIndex() {
        assertAnalysis(runner.withPropertyValues(
                        "breaker.profiles.payment.record-exceptions=java.io.IOException,com.example.NoSuchException"),
                "breaker.profiles.payment.record-exceptions[1] is 'com.example.NoSuchException', but no class of that "
                        + "name is on the classpath.",
                "Write the fully-qualified name of an exception class, e.g. java.io.IOException.");
    }

    @Test
    void aClassThatIsNotAnExceptionIsRejected() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.ignore-exceptions=java.lang.String"),
                "breaker.defaults.ignore-exceptions[0] is 'java.lang.String', which is not an exception (a Throwable).",
                null);
    }

    @Test
    void aSharedBreakerWithoutRedisSaysWhatIsMissing() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.shared=true"),
                "breaker.profiles.payment.shared is true, but there is no Redis to share breaker state through: no "
                        + "Spring Data Redis connection (Lettuce) was found.",
                "Add spring-boot-starter-data-redis to the application and point spring.data.redis.* at your Redis, "
                        + "or set breaker.profiles.payment.shared to false to keep the breaker's state local.");
    }

    @Test
    void sharedDefaultsWithoutRedisFailAtStartupNotAtTheFirstCall() {
        // No profile or instance: the defaults alone are what every breaker created later would get.
        assertAnalysis(runner.withPropertyValues("breaker.defaults.shared=true"),
                "breaker.defaults.shared is true, but there is no Redis", null);
    }

    @Test
    void aFleetWindowOfABreakerThatIsNotSharedSaysBothWhatItNeeds() {
        assertAnalysis(runner.withPropertyValues("breaker.profiles.payment.shared-window=true"),
                "breaker.profiles.payment.shared-window is true, but the breaker is not shared (shared is not set): a "
                        + "fleet window needs shared: true and sliding-window-type: time-based.",
                "Set breaker.profiles.payment.shared to true (the fleet window also needs sliding-window-type: "
                        + "time-based), or set breaker.profiles.payment.shared-window to false.");
        assertAnalysis(runner.withPropertyValues("breaker.defaults.shared-window=true",
                        "breaker.instances.card-vault.shared=false"),
                "breaker.defaults.shared-window is true, but the breaker is not shared (shared is not set)", null);
    }

    @Test
    void aFleetWindowOverACountBasedWindowIsRefusedNamingBothRequirements() {
        ApplicationContextRunner withRedis = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration.class,
                BreakerSharedStateAutoConfiguration.class, BreakerAutoConfiguration.class));
        assertAnalysis(withRedis.withPropertyValues("breaker.profiles.payment.shared=true",
                        "breaker.profiles.payment.shared-window=true"),
                "breaker.profiles.payment.shared-window is true, but the breaker's sliding-window-type is count-based: "
                        + "shared-window is accepted with time-based windows only (the fleet counts calls per second), "
                        + "and needs shared: true.",
                "Set sliding-window-type: time-based for the breaker (its sliding-window-size is then in seconds), or "
                        + "set breaker.profiles.payment.shared-window to false.");
        // Shared through a profile, windowed on the instance: the instance's window type is what counts.
        assertAnalysis(withRedis.withPropertyValues("breaker.profiles.payment.shared=true",
                        "breaker.profiles.payment.sliding-window-type=time-based",
                        "breaker.instances.card-vault.profile=payment",
                        "breaker.instances.card-vault.sliding-window-type=count-based",
                        "breaker.instances.card-vault.shared-window=true"),
                "breaker.instances.card-vault.shared-window is true, but the breaker's sliding-window-type is "
                        + "count-based", null);
    }

    @Test
    void aFleetWindowWithoutRedisSaysRedisIsMissing() {
        assertAnalysis(runner.withPropertyValues("breaker.defaults.shared=true", "breaker.defaults.shared-window=true",
                        "breaker.defaults.sliding-window-type=time-based"),
                "breaker.defaults.shared is true, but there is no Redis", null);
    }

    @Test
    void badSharedStoreSettingsNameTheSetting() {
        ApplicationContextRunner withRedis = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration.class,
                BreakerSharedStateAutoConfiguration.class, BreakerAutoConfiguration.class));
        assertAnalysis(withRedis.withPropertyValues("breaker.shared.timeout=0s"),
                "Invalid breaker setting: breaker.shared.timeout is PT0S, but it must be a positive duration such as "
                        + "200ms or 1s.",
                null);
        assertAnalysis(withRedis.withPropertyValues("breaker.shared.probe-lease-time=100ms"),
                "Invalid breaker setting: breaker.shared.probe-lease-time is PT0.1S, but it must be a duration of at "
                        + "least 1s",
                null);
        assertAnalysis(withRedis.withPropertyValues("breaker.shared.namespace= "),
                "breaker.shared.namespace is '', but it must be non-blank text", null);
    }

    @Test
    void aMisspeltKeyFailsInsteadOfBeingIgnored() {
        runner.withPropertyValues("breaker.profiles.payment.failure-rate-treshold=10").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .contains("breaker.profiles.payment.failure-rate-treshold");
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsNamingTheProperty() {
        runner.withPropertyValues("breaker.profiles.payment.sliding-window-type=sometimes").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("breaker.profiles.payment.sliding-window-type");
        });
    }
}
