package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.ManualClock;
import dev.breaker.SettingsChange;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.tuning.RecordedEvent;
import dev.breaker.tuning.Recording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.MapPropertySource;

/**
 * A running breaker's settings change without a restart, checked as at startup: from the {@code breaker.*}
 * properties when they change, and from the endpoint. A wrong value changes nothing.
 */
class BreakerSettingsRefresherTest {

    /** The properties of the running application, changed by the tests as a config server would. */
    private final Map<String, Object> properties = new LinkedHashMap<>(Map.of(
            "breaker.instances.payment.failure-rate-threshold", "50",
            "breaker.instances.search.failure-rate-threshold", "50"));

    private final List<BreakerSettingsChangedEvent> events = new ArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class))
            .withBean(ManualClock.class, ManualClock::new)
            .withBean("settingsEvents", ApplicationListener.class,
                    () -> (ApplicationListener<BreakerSettingsChangedEvent>) events::add)
            .withInitializer(context -> context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("changing", properties)));

    @Test
    void aChangedPropertyReconfiguresItsBreakerAndOnlyThatOne() {
        runner.run(context -> {
            properties.put("breaker.instances.payment.failure-rate-threshold", "20");
            List<SettingsChange> changes = refresher(context).refresh();

            assertThat(changes).singleElement().satisfies(change -> {
                assertThat(change.source()).isEqualTo("environment change");
                assertThat(change.changed()).containsExactly(
                        new SettingsChange.Setting("failure-rate-threshold", "50", "20"));
            });
            assertThat(breaker(context, "payment").config().failureRateThreshold()).isEqualTo(20);
            assertThat(breaker(context, "payment").settingsChanges()).hasSize(1);
            assertThat(breaker(context, "search").settingsChanges()).isEmpty();
            assertThat(context.getBean(BreakerDefinitions.class).definition("payment").config().failureRateThreshold())
                    .isEqualTo(20);
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.getBreakerName()).isEqualTo("payment");
                assertThat(event.getChangeSource()).isEqualTo("environment change");
                assertThat(event.getChanged()).extracting(SettingsChange.Setting::newValue).containsExactly("20");
            });
        });
    }

    @Test
    void aBreakerCreatedAtFirstUseFollowsItsProfile() {
        properties.put("breaker.profiles.inventory.minimum-number-of-calls", "10");
        runner.run(context -> {
            Breaker inventory = breaker(context, "inventory");
            properties.put("breaker.profiles.inventory.minimum-number-of-calls", "40");
            assertThat(refresher(context).refresh()).hasSize(1);
            assertThat(inventory.config().minimumNumberOfCalls()).isEqualTo(40);
        });
    }

    @Test
    void aValueOutOfRangeChangesNothingAndLogsTheProperty() {
        runner.run(context -> {
            properties.put("breaker.instances.search.failure-rate-threshold", "10");
            properties.put("breaker.instances.payment.failure-rate-threshold", "150");
            List<ILoggingEvent> logged = CapturedLog.during(BreakerSettingsRefresher.class.getName(),
                    () -> assertThat(refresher(context).refresh()).isEmpty());

            assertThat(logged).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage()).isEqualTo("The breaker.* properties changed, but not to"
                        + " settings the breakers can take, so none changed: Invalid breaker setting:"
                        + " breaker.instances.payment.failure-rate-threshold is 150.0, but it must be a percentage in"
                        + " (0, 100]. Update breaker.instances.payment.failure-rate-threshold in your configuration to a"
                        + " percentage in (0, 100].");
                assertThat(line.getThrowableProxy()).isNull();
            });
            assertThat(breaker(context, "search").config().failureRateThreshold()).isEqualTo(50);
            assertThat(breaker(context, "payment").config().failureRateThreshold()).isEqualTo(50);
            assertThat(context.getBean(BreakerDefinitions.class).definition("search").config().failureRateThreshold())
                    .isEqualTo(50);
        });
    }

    @Test
    void aValueThatCannotBeBoundOrAnUnknownKeyChangesNothing() {
        runner.run(context -> {
            properties.put("breaker.instances.payment.failure-rate-threshold", "lots");
            assertThat(loggedRefresh(context)).startsWith("The breaker.* properties changed, but not to settings the"
                    + " breakers can take, so none changed: Invalid breaker setting:"
                    + " breaker.instances.payment.failure-rate-threshold is 'lots' (from ")
                    .contains(", but it must be a percentage in (0, 100].");
            properties.put("breaker.instances.payment.failure-rate-threshold", "20");
            properties.put("breaker.instances.payment.failure-rate-treshold", "20");
            assertThat(loggedRefresh(context)).contains("breaker.instances.payment.failure-rate-treshold (from")
                    .contains("is not a breaker setting (did you mean failure-rate-threshold?).");
            assertThat(breaker(context, "payment").settingsChanges()).isEmpty();
        });
    }

    @Test
    void experimentsAddedOrChangedByTheEnvironmentAreAttached() {
        runner.run(context -> {
            BreakerTuning tuning = context.getBean(BreakerTuning.class);
            assertThat(tuning.experiments("payment")).isEmpty();
            properties.put("breaker.instances.payment.experiments.strict.failure-rate-threshold", "10");
            assertThat(refresher(context).refresh()).isEmpty(); // the breaker's own settings did not change
            assertThat(tuning.experiments("payment")).hasValueSatisfying(experiments ->
                    assertThat(experiments.report("strict").orElseThrow().settings())
                            .isEqualTo("failure-rate-threshold=10"));
            properties.remove("breaker.instances.payment.experiments.strict.failure-rate-threshold");
            refresher(context).refresh();
            assertThat(tuning.experiments("payment")).isEmpty();
        });
    }

    @Test
    void aRecordingGoesOnThroughAChangeOfSettingsAndStopsWhenTurnedOff() {
        properties.put("breaker.instances.payment.recording.enabled", "true");
        runner.run(context -> {
            BreakerTuning tuning = context.getBean(BreakerTuning.class);
            Recording recording = tuning.recording("payment").orElseThrow();
            breaker(context, "payment").onSuccess(Duration.ofMillis(5));
            properties.put("breaker.instances.payment.failure-rate-threshold", "20");
            refresher(context).refresh();
            assertThat(tuning.recording("payment")).containsSame(recording);
            assertThat(recording.events()).filteredOn(RecordedEvent::isCall).hasSize(1);

            properties.put("breaker.instances.payment.recording.max-events", "10");
            refresher(context).refresh();
            assertThat(tuning.recording("payment")).isPresent().get().isNotSameAs(recording);

            properties.put("breaker.instances.payment.recording.enabled", "false");
            refresher(context).refresh();
            assertThat(tuning.recording("payment")).isEmpty();
        });
    }

    @Test
    void aChangeFromTheEndpointOutlivesARefreshThatDoesNotConcernItsBreaker() {
        runner.run(context -> {
            Breaker payment = breaker(context, "payment");
            refresher(context).apply(payment, Map.of("failure-rate-threshold", 30), "actuator");
            assertThat(context.getBean(BreakerDefinitions.class).definition("payment").config().failureRateThreshold())
                    .isEqualTo(30);

            properties.put("breaker.instances.search.failure-rate-threshold", "25");
            refresher(context).refresh();
            assertThat(payment.config().failureRateThreshold()).isEqualTo(30);

            properties.put("breaker.instances.payment.failure-rate-threshold", "40");
            assertThat(refresher(context).refresh()).extracting(SettingsChange::changed)
                    .containsExactly(List.of(new SettingsChange.Setting("failure-rate-threshold", "30", "40")));
            assertThat(context.getBean(BreakerDefinitions.class).definition("payment").config().failureRateThreshold())
                    .isEqualTo(40);
        });
    }

    @Test
    void theEndpointsSettingsGoOnTopOfWhatTheBreakerRunsOn() {
        runner.run(context -> {
            Breaker payment = breaker(context, "payment");
            SettingsChange change = refresher(context).apply(payment, Map.of("wait-duration-in-open-state", "15s",
                    "minimum-number-of-calls", 5, "sliding-window-type", "time-based",
                    "automatic-transition-to-half-open", true), "actuator");
            assertThat(change.source()).isEqualTo("actuator");
            assertThat(change.changed()).extracting(SettingsChange.Setting::name).containsExactly(
                    "sliding-window-type", "minimum-number-of-calls", "wait-duration-in-open-state",
                    "automatic-transition-to-half-open");
            assertThat(payment.config().failureRateThreshold()).isEqualTo(50);
        });
    }

    @Test
    void theEndpointsSettingsAreCheckedWithTheStartupMessages() {
        runner.withPropertyValues("breaker.instances.payment.max-wait-duration-in-open-state=2m").run(context -> {
            Breaker payment = breaker(context, "payment");
            assertRejected(context, Map.of("failure-rate-threshold", 150), "Invalid breaker setting:"
                    + " breaker.instances.payment.failure-rate-threshold is 150.0, but it must be a percentage in"
                    + " (0, 100].");
            assertRejected(context, Map.of("failure-rate-threshold", "half"), "Invalid breaker setting:"
                    + " breaker.instances.payment.failure-rate-threshold is 'half', but it must be a percentage in"
                    + " (0, 100].");
            assertRejected(context, Map.of("minimum-number-of-calls", 2.5), "Invalid breaker setting:"
                    + " breaker.instances.payment.minimum-number-of-calls is '2.5', but it must be a whole number, at"
                    + " least 1.");
            assertRejected(context, Map.of("wait-duration-in-open-state", "5m"), "Invalid breaker setting:"
                    + " breaker.instances.payment.max-wait-duration-in-open-state is PT2M, but it must be zero (no cap)"
                    + " or at least wait-duration-in-open-state (PT5M).");
            assertRejected(context, Map.of("failure-rate-treshold", 10), "breaker.instances.payment"
                    + ".failure-rate-treshold is not a breaker setting (did you mean failure-rate-threshold?). The"
                    + " settings that can change while the application runs are: " + String.join(", ",
                            BreakerRules.NAMES) + ".");
            assertRejected(context, Map.of("timeout", "1s"), "breaker.instances.payment.timeout cannot change while"
                    + " the application runs, only with a restart.");
            assertRejected(context, Map.of("failure-rate-threshold", Map.of("value", 10)), "Invalid breaker setting:"
                    + " breaker.instances.payment.failure-rate-threshold is an object, but it must be a percentage");
            assertRejected(context, Map.of(), "settings names no setting to change.");
            assertThat(payment.settingsChanges()).isEmpty();
        });
    }

    @Test
    void theEndpointsSettingsMustStillSuitTheExperiments() {
        runner.withPropertyValues("breaker.instances.payment.experiments.lenient.wait-duration-in-open-state=2m")
                .run(context -> assertRejected(context, Map.of("max-wait-duration-in-open-state", "90s"),
                        "Invalid breaker setting: breaker.instances.payment.experiments.lenient"
                                + ".max-wait-duration-in-open-state is PT1M30S, but it must be zero (no cap) or at least"
                                + " wait-duration-in-open-state (PT2M)."));
    }

    private void assertRejected(AssertableApplicationContext context, Map<String, ?> settings, String message) {
        Breaker payment = breaker(context, "payment");
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> refresher(context).apply(payment, settings, "actuator"))
                .satisfies(rejected -> assertThat(rejected.getMessage()).startsWith(message));
    }

    private String loggedRefresh(AssertableApplicationContext context) {
        List<ILoggingEvent> logged = CapturedLog.during(BreakerSettingsRefresher.class.getName(),
                () -> assertThat(refresher(context).refresh()).isEmpty());
        assertThat(logged).hasSize(1);
        return logged.get(0).getFormattedMessage();
    }

    private static BreakerSettingsRefresher refresher(AssertableApplicationContext context) {
        return context.getBean(BreakerSettingsRefresher.class);
    }

    private static Breaker breaker(AssertableApplicationContext context, String name) {
        return context.getBean(BreakerRegistry.class).breaker(name);
    }
}
