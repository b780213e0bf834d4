package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerMode;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.SlidingWindowType;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Replayer#apply}: settings by their configuration-file names, as {@code --set} and a header give them. */
class ReplayerApplyTest {

    private static BreakerConfig apply(String settings) {
        return Replayer.apply(BreakerConfig.defaults(), Candidates.settings(settings));
    }

    @Test
    void setsEverySettingByItsConfigurationFileName() {
        BreakerConfig config = apply("sliding-window-type=time_based, sliding-window-size=30, "
                + "sliding-window-max-age=0, minimum-number-of-calls=5, failure-rate-threshold=20%, "
                + "slow-call-rate-threshold=80.5, slow-call-duration-threshold=2s, consecutive-failure-threshold=3, "
                + "wait-duration-in-open-state=15s, wait-duration-jitter=0.25, wait-duration-multiplier=2, "
                + "max-wait-duration-in-open-state=2m, automatic-transition-to-half-open=TRUE, "
                + "permitted-number-of-calls-in-half-open-state=4, max-wait-duration-in-half-open-state=PT30S, "
                + "mode=observe, success-threshold-in-half-open-state=2");

        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(30);
        assertThat(config.slidingWindowMaxAge()).isZero();
        assertThat(config.minimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.failureRateThreshold()).isEqualTo(20);
        assertThat(config.slowCallRateThreshold()).isEqualTo(80.5f);
        assertThat(config.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.consecutiveFailureThreshold()).isEqualTo(3);
        assertThat(config.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.waitDurationJitter()).isEqualTo(0.25);
        assertThat(config.waitDurationMultiplier()).isEqualTo(2);
        assertThat(config.maxWaitDurationInOpenState()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.automaticTransitionToHalfOpen()).isTrue();
        assertThat(config.permittedNumberOfCallsInHalfOpenState()).isEqualTo(4);
        assertThat(config.maxWaitDurationInHalfOpenState()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.mode()).isEqualTo(BreakerMode.OBSERVE);
        assertThat(config.successThresholdInHalfOpenState()).isEqualTo(2);
        assertThat(Settings.NAMES).hasSize(17);
    }

    @ParameterizedTest
    @CsvSource({"15s, PT15S", "250ms, PT0.25S", "2m, PT2M", "1h, PT1H", "1d, PT24H", "PT15S, PT15S",
            "pt1m30s, PT1M30S", "PT0.5S, PT0.5S", "1500, PT1.5S", "1.5s, PT1.5S", "500us, PT0.0005S",
            "'  20 s ', PT20S"})
    void readsDurationsAsPeopleAndDurationToStringWriteThem(String written, String expected) {
        assertThat(apply("wait-duration-in-open-state=" + written).waitDurationInOpenState())
                .isEqualTo(Duration.parse(expected));
    }

    @Test
    void writesDurationsInTheLargestExactUnitAndReadsThemBack() {
        for (Duration duration : new Duration[] {Duration.ZERO, Duration.ofMillis(250), Duration.ofSeconds(90),
                Duration.ofMinutes(2), Duration.ofHours(3), Duration.ofDays(2), Duration.ofNanos(1_500)}) {
            assertThat(Durations.parse("x", Durations.config(duration))).isEqualTo(duration);
        }
        assertThat(Durations.config(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.config(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.config(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void showsDurationsRoundedForPeople() {
        assertThat(Durations.human(Duration.ofNanos(400_000))).isEqualTo("0.4ms");
        assertThat(Durations.human(Duration.ofMillis(245))).isEqualTo("245ms");
        assertThat(Durations.human(Duration.ofMillis(1_240))).isEqualTo("1.2s");
        assertThat(Durations.human(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Durations.human(Duration.ofSeconds(150))).isEqualTo("2m 30s");
        assertThat(Durations.human(Duration.ofMinutes(65))).isEqualTo("1h 5m");
    }

    @Test
    void anUnknownNameIsNamedWithTheNearestKnownOneAndTheList() {
        assertThatThrownBy(() -> apply("failure-rate=20"))
                .isInstanceOfSatisfying(InvalidBreakerConfigException.class, e -> {
                    assertThat(e.setting()).isEqualTo("failure-rate");
                    assertThat(e.value()).isEqualTo("20");
                })
                .hasMessageContaining("\"failure-rate\" is not (did you mean failure-rate-threshold?)")
                .hasMessageContaining("the settings are sliding-window-type, sliding-window-size,")
                .hasMessageEndingWith("mode, success-threshold-in-half-open-state");
        assertThatThrownBy(() -> apply("colour=blue")).hasMessageNotContaining("did you mean");
    }

    @Test
    void exceptionRulesAreLeftToTheLiveBreaker() {
        assertThatThrownBy(() -> apply("record-exceptions=java.io.IOException"))
                .isInstanceOfSatisfying(InvalidBreakerConfigException.class,
                        e -> assertThat(e.setting()).isEqualTo("record-exceptions"))
                .hasMessageContaining("classified when recorded");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "failure-rate-threshold=lots | failure-rate-threshold | a percentage in (0, 100]",
        "failure-rate-threshold=150 | failure-rate-threshold | a percentage in (0, 100]",
        "sliding-window-size=1e3 | sliding-window-size | a whole number",
        "sliding-window-size=99999999999 | sliding-window-size | a whole number",
        "sliding-window-type=ROLLING | sliding-window-type | COUNT_BASED or TIME_BASED",
        "wait-duration-in-open-state=soon | wait-duration-in-open-state | a duration such as 15s",
        "wait-duration-in-open-state=PT | wait-duration-in-open-state | a duration such as 15s",
        "wait-duration-in-open-state=0s | wait-duration-in-open-state | a positive duration",
        "automatic-transition-to-half-open=yes | automatic-transition-to-half-open | true or false",
        "mode=SHADOW | mode | ENFORCE or OBSERVE",
        "max-wait-duration-in-open-state=10s | max-wait-duration-in-open-state | at least wait-duration-in-open-state"})
    void aBadValueNamesItsSettingAndWhatItAccepts(String setting, String name, String accepted) {
        assertThatThrownBy(() -> apply(setting))
                .isInstanceOfSatisfying(InvalidBreakerConfigException.class,
                        e -> assertThat(e.setting()).isEqualTo(name))
                .hasMessageContaining(accepted);
    }

    @Test
    void theSettingsOfAConfigApplyBackToTheSameSettings() throws IOException {
        BreakerConfig config = apply("sliding-window-size=50, failure-rate-threshold=33.3, "
                + "slow-call-duration-threshold=1500ms, wait-duration-jitter=0.1, wait-duration-multiplier=1.5, "
                + "max-wait-duration-in-open-state=10m, mode=OBSERVE");
        Map<String, String> settings = new LinkedHashMap<>(Settings.of(config));
        assertThat(settings).containsEntry("failure-rate-threshold", "33.3")
                .containsEntry("slow-call-duration-threshold", "1500ms")
                .containsEntry("wait-duration-multiplier", "1.5")
                .containsEntry("record-exceptions", "");
        settings.keySet().removeAll(Settings.NOT_REPLAYABLE);

        assertThat(settings.keySet()).containsExactlyElementsOf(Settings.NAMES);
        assertThat(Settings.of(Replayer.apply(BreakerConfig.defaults(), settings))).isEqualTo(Settings.of(config));
        assertThat(Settings.difference(BreakerConfig.defaults(), config)).isEqualTo("sliding-window-size=50, "
                + "failure-rate-threshold=33.3, slow-call-duration-threshold=1500ms, wait-duration-jitter=0.1, "
                + "wait-duration-multiplier=1.5, max-wait-duration-in-open-state=10m");
    }
}
