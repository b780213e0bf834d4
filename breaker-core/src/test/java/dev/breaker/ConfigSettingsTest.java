package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link BreakerConfig#settings()}: the names of toString, values a configuration file accepts. */
class ConfigSettingsTest {

    @Test
    void namesAreThoseOfToStringInTheSameOrderWithoutOpenWaitAndShared() {
        BreakerConfig config = BreakerConfig.builder().openWait((reopenCount, cause) -> null)
                .fleetSync(new FleetSyncTest.RecordingSync()).build();
        String text = config.toString();
        String[] named = text.substring("BreakerConfig[".length(), text.length() - 1).split(", (?=[a-z-]+=)");
        String[] names = Arrays.stream(named).map(pair -> pair.substring(0, pair.indexOf('=')))
                .filter(name -> !name.equals("open-wait") && !name.equals("shared")).toArray(String[]::new);

        assertThat(names).hasSize(19).contains("mode", "record-exceptions", "ignore-exceptions");
        assertThat(config.settings().keySet()).containsExactly(names);
    }

    @Test
    void defaultsAreWrittenAsAConfigurationFileWouldWriteThem() {
        assertThat(BreakerConfig.defaults().settings()).containsExactly(
                Map.entry("sliding-window-type", "COUNT_BASED"),
                Map.entry("sliding-window-size", "100"),
                Map.entry("sliding-window-max-age", "0s"),
                Map.entry("minimum-number-of-calls", "20"),
                Map.entry("failure-rate-threshold", "50"),
                Map.entry("slow-call-rate-threshold", "100"),
                Map.entry("slow-call-duration-threshold", "60s"),
                Map.entry("consecutive-failure-threshold", "0"),
                Map.entry("wait-duration-in-open-state", "60s"),
                Map.entry("wait-duration-jitter", "0"),
                Map.entry("wait-duration-multiplier", "1"),
                Map.entry("max-wait-duration-in-open-state", "0s"),
                Map.entry("automatic-transition-to-half-open", "false"),
                Map.entry("permitted-number-of-calls-in-half-open-state", "10"),
                Map.entry("max-wait-duration-in-half-open-state", "0s"),
                Map.entry("record-exceptions", ""),
                Map.entry("ignore-exceptions", ""),
                Map.entry("mode", "ENFORCE"),
                Map.entry("success-threshold-in-half-open-state", "0"));
    }

    @Test
    void fractionsDurationsAndExceptionListsKeepEveryDigitInAFormSpringBootParses() {
        Map<String, String> settings = BreakerConfig.builder()
                .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(30)
                .failureRateThreshold(12.5f).slowCallRateThreshold(33.3f)
                .slowCallDurationThreshold(Duration.ofMillis(1500))
                .waitDurationInOpenState(Duration.ofMinutes(2)).waitDurationJitter(0.25).waitDurationMultiplier(1.5)
                .maxWaitDurationInOpenState(Duration.ofNanos(130_000_000_001L))
                .maxWaitDurationInHalfOpenState(Duration.ofNanos(2_000_000_000_000L + 7_000))
                .recordExceptions(IOException.class, TimeoutException.class)
                .ignoreExceptions(UncheckedIOException.class)
                .mode(BreakerMode.OBSERVE).automaticTransitionToHalfOpen(true)
                .build().settings();

        assertThat(settings).containsEntry("sliding-window-type", "TIME_BASED")
                .containsEntry("failure-rate-threshold", "12.5")
                .containsEntry("slow-call-rate-threshold", "33.3")
                .containsEntry("slow-call-duration-threshold", "1500ms") // Boot's simple format has no "1.5s"
                .containsEntry("wait-duration-in-open-state", "120s")
                .containsEntry("wait-duration-jitter", "0.25")
                .containsEntry("wait-duration-multiplier", "1.5")
                .containsEntry("max-wait-duration-in-open-state", "130000000001ns")
                .containsEntry("max-wait-duration-in-half-open-state", "2000000007us")
                .containsEntry("record-exceptions", "java.io.IOException,java.util.concurrent.TimeoutException")
                .containsEntry("ignore-exceptions", "java.io.UncheckedIOException")
                .containsEntry("mode", "OBSERVE")
                .containsEntry("automatic-transition-to-half-open", "true");
        assertThat(settings.get("max-wait-duration-in-open-state"))
                .as("Spring Boot's simple duration style: a whole number and an optional unit")
                .matches("^([+-]?\\d+)([a-zA-Z]{0,2})$");
    }

    @Test
    void theMapCannotBeChanged() {
        Map<String, String> settings = BreakerConfig.defaults().settings();
        assertThatThrownBy(() -> settings.put("mode", "OBSERVE")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void configsThatDifferOnlyInCodeHaveEqualSettings() {
        BreakerConfig plain = BreakerConfig.builder().build();
        BreakerConfig withPredicate = plain.toBuilder().recordResult(result -> result == null).build();
        assertThat(withPredicate.settings()).isEqualTo(plain.settings());
        assertThat(plain.toBuilder().failureRateThreshold(20).build().settings()).isNotEqualTo(plain.settings());
    }
}
