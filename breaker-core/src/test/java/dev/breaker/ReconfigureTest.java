package dev.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Breaker#reconfigure} in CLOSED: the window kept or emptied, the kept outcomes judged by the new settings,
 * the per-call settings, the history, the listeners and what is refused.
 */
class ReconfigureTest {

    private final ManualClock clock = new ManualClock();
    private final Heard heard = new Heard();

    private BreakerConfig.Builder config() {
        return BreakerConfig.builder().clock(clock).scheduler(clock)
                .slidingWindowSize(100).minimumNumberOfCalls(10).failureRateThreshold(50);
    }

    private Breaker breaker(BreakerConfig config) {
        Breaker breaker = Breaker.of("payment", config);
        breaker.addListener(heard);
        return breaker;
    }

    static void succeed(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            breaker.run(() -> { });
        }
    }

    static void fail(Breaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).hasMessage("down");
        }
    }

    @Test
    void equalSettingsChangeNothingAndAreNotRecorded() {
        BreakerConfig config = config().build();
        Breaker breaker = breaker(config);
        succeed(breaker, 5);

        SettingsChange change = breaker.reconfigure(config.toBuilder().build(), "api");

        assertThat(change.changed()).isEmpty();
        assertThat(change.source()).isEqualTo("api");
        assertThat(change.effect()).isEqualTo("settings unchanged");
        assertThat(change.windowKept()).isTrue();
        assertThat(breaker.settingsChanges()).isEmpty();
        assertThat(breaker.config()).isSameAs(config);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(5);
        assertThat(heard.events).isEmpty();
    }

    @Test
    void closedKeepsItsWindowWhenTheWindowsTypeAndSizeAreUnchanged() {
        Breaker breaker = breaker(config().build());
        succeed(breaker, 30);
        fail(breaker, 7);
        clock.advance(Duration.ofSeconds(3));

        BreakerConfig next = config().failureRateThreshold(60).minimumNumberOfCalls(40).build();
        SettingsChange change = breaker.reconfigure(next, "actuator");

        assertThat(change.time()).isEqualTo(Instant.parse("2025-01-01T00:00:03Z"));
        assertThat(change.source()).isEqualTo("actuator");
        assertThat(change.changed()).containsExactly(
                new SettingsChange.Setting("minimum-number-of-calls", "10", "40"),
                new SettingsChange.Setting("failure-rate-threshold", "50", "60"));
        assertThat(change.windowKept()).isTrue();
        assertThat(change.effect()).isEqualTo("state CLOSED, window kept (37 calls)");
        assertThat(breaker.config()).isSameAs(next);
        assertThat(breaker.settingsChanges()).containsExactly(change);
        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(metrics.bufferedCalls()).isEqualTo(37);
        assertThat(metrics.failedCalls()).isEqualTo(7);
        assertThat(metrics.failureRate()).as("37 calls are below the new minimum of 40").isEmpty();
        assertThat(metrics.successfulCallsTotal()).isEqualTo(30);
    }

    @Test
    void theKeptWindowGoesOnUnderTheNewThresholds() {
        Breaker breaker = breaker(config().build());
        succeed(breaker, 8);
        fail(breaker, 1);
        breaker.reconfigure(config().failureRateThreshold(20).build(), "api");

        fail(breaker, 1); // 2 of 10: 20%, which the old threshold of 50% would not have opened at

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo("failure rate 20% >= 20%"));
    }

    @Test
    void closedEmptiesItsWindowWhenItsSizeChanges() {
        Breaker breaker = breaker(config().build());
        succeed(breaker, 30);
        fail(breaker, 7);

        SettingsChange change = breaker.reconfigure(config().slidingWindowSize(50).build(), "api");

        assertThat(change.windowKept()).isFalse();
        assertThat(change.effect()).isEqualTo("state CLOSED, window emptied: sliding-window-size 100 -> 50");
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().failedCallsTotal()).as("lifetime counters survive").isEqualTo(7);
        fail(breaker, 10);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void closedEmptiesItsWindowWhenItsTypeChangesAndSaysWhatChanged() {
        Breaker breaker = breaker(config().build());
        succeed(breaker, 12);

        SettingsChange change = breaker.reconfigure(
                config().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(60).build(), "api");

        assertThat(change.windowKept()).isFalse();
        assertThat(change.effect()).isEqualTo("state CLOSED, window emptied: sliding-window-type COUNT_BASED -> "
                + "TIME_BASED, sliding-window-size 100 -> 60");
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void aTimeBasedWindowKeepsItsSecondsAndJudgesThemByTheNewMinimum() {
        BreakerConfig timed = config().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(10).build();
        Breaker breaker = breaker(timed);
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(2));
        succeed(breaker, 3);

        SettingsChange change = breaker.reconfigure(timed.toBuilder().minimumNumberOfCalls(6).build(), "api");

        assertThat(change.effect()).isEqualTo("state CLOSED, window kept (6 calls), which the new settings judge "
                + "at once: failure rate 50% >= 50%, so it opens");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(6);
    }

    @Test
    void keptOutcomesThatTripTheNewThresholdsOpenTheBreakerAtOnceByAnOrdinaryTransition() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        BreakerConfig config = config().fleetSync(sync).build();
        Breaker breaker = breaker(config);
        succeed(breaker, 7);
        fail(breaker, 3);

        SettingsChange change = breaker.reconfigure(config.toBuilder().failureRateThreshold(30).build(), "api");

        assertThat(change.windowKept()).isTrue();
        assertThat(change.effect()).isEqualTo("state CLOSED, window kept (10 calls), which the new settings judge "
                + "at once: failure rate 30% >= 30%, so it opens");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.reason()).isEqualTo("failure rate 30% >= 30%");
        });
        assertThat(heard.events).containsExactly("settings: failure-rate-threshold 50 -> 30",
                "failure rate 30.0 >= 30.0", "CLOSED -> OPEN");
        assertThat(sync.published).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(BreakerState.OPEN));
    }

    @Test
    void aLowerMinimumNumberOfCallsLetsTheKeptOutcomesCountAtOnce() {
        Breaker breaker = breaker(config().minimumNumberOfCalls(20).build());
        fail(breaker, 6);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);

        breaker.reconfigure(config().minimumNumberOfCalls(5).build(), "api");

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("failure rate 100% >= 50%");
    }

    @Test
    void aLowerConsecutiveFailureThresholdCountsTheRunOfFailuresAlreadyThere() {
        Breaker breaker = breaker(config().consecutiveFailureThreshold(5).build());
        succeed(breaker, 20);
        fail(breaker, 3);

        SettingsChange change = breaker.reconfigure(config().consecutiveFailureThreshold(3).build(), "api");

        assertThat(change.effect()).endsWith(": 3 consecutive failures >= 3, so it opens");
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions().get(0).reason()).isEqualTo("3 consecutive failures >= 3");
    }

    @Test
    void aCallLetInBeforeTheChangeCountsInTheKeptWindowWithTheSettingsThatLetItIn() {
        Breaker breaker = breaker(config().slowCallDurationThreshold(Duration.ofSeconds(2)).build());
        succeed(breaker, 3);
        Breaker.Permit inFlight = breaker.acquirePermit();

        breaker.reconfigure(config().slowCallDurationThreshold(Duration.ofSeconds(1)).build(), "api");
        inFlight.onSuccess(Duration.ofMillis(1500).toNanos());
        breaker.acquirePermit().onSuccess(Duration.ofMillis(1500).toNanos());

        BreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.bufferedCalls()).isEqualTo(5);
        assertThat(metrics.slowCalls()).as("slow by the new 1s only for the call let in after the change")
                .isEqualTo(1);
    }

    @Test
    void aNewSlowCallThresholdTimesTheNextCalls() {
        Breaker breaker = breaker(config().build());
        breaker.reconfigure(config().slowCallDurationThreshold(Duration.ofMillis(100)).build(), "api");

        breaker.run(() -> clock.advance(Duration.ofMillis(150)));

        assertThat(breaker.metrics().slowSuccessfulCallsTotal()).isEqualTo(1);
    }

    @Test
    void newRecordExceptionsClassifyTheNextFailures() {
        Breaker breaker = breaker(config().build());
        breaker.reconfigure(config().recordExceptions(IOException.class).build(), "api");

        fail(breaker, 1); // an IllegalStateException: not recorded, so the dependency answered

        assertThat(breaker.metrics().successfulCallsTotal()).isEqualTo(1);
        assertThat(breaker.metrics().failedCallsTotal()).isZero();
        assertThat(breaker.settingsChanges().get(0).changed()).containsExactly(
                new SettingsChange.Setting("record-exceptions", "", "java.io.IOException"));
    }

    @Test
    void aNewMaxAgeAgesTheKeptOutcomesCountingThoseWrittenWithoutOneFromTheWindowsStart() {
        Breaker breaker = breaker(config().build());
        fail(breaker, 4);
        clock.advance(Duration.ofSeconds(10));
        succeed(breaker, 2);

        breaker.reconfigure(config().slidingWindowMaxAge(Duration.ofSeconds(5)).build(), "api");
        assertThat(breaker.metrics().bufferedCalls()).as("written without a time: as old as the window").isZero();

        succeed(breaker, 3);
        clock.advance(Duration.ofSeconds(2));
        breaker.reconfigure(config().slidingWindowMaxAge(Duration.ofSeconds(1)).build(), "api");
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        succeed(breaker, 2);
        breaker.reconfigure(config().build(), "api"); // max age off: the outcomes stay
        clock.advance(Duration.ofMinutes(5));
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
    }

    @Test
    void anotherClockSchedulerOrFleetSyncIsRefusedAndChangesNothing() {
        BreakerConfig config = config().build();
        Breaker breaker = breaker(config);
        ManualClock other = new ManualClock();

        assertThatThrownBy(() -> breaker.reconfigure(config.toBuilder().clock(other).build(), "api"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(
                        "A breaker cannot change its clock while it runs: the new settings must use the same clock");
        assertThatThrownBy(() -> breaker.reconfigure(config.toBuilder().scheduler(other).build(), "api"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("change its scheduler");
        assertThatThrownBy(() -> breaker.reconfigure(
                config.toBuilder().fleetSync(new FleetSyncTest.RecordingSync()).build(), "api"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("change its fleet sync");
        assertThat(breaker.config()).isSameAs(config);
        assertThat(breaker.settingsChanges()).isEmpty();
    }

    @Test
    void nullSettingsOrSourceAreRefused() {
        Breaker breaker = breaker(config().build());
        assertThatThrownBy(() -> breaker.reconfigure(null, "api")).isInstanceOf(NullPointerException.class)
                .hasMessage("settings");
        assertThatThrownBy(() -> breaker.reconfigure(config().build(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("source");
    }

    @Test
    void listenersHearTheChangeButNoTransitionAndTheFleetHearsNothing() {
        FleetSyncTest.RecordingSync sync = new FleetSyncTest.RecordingSync();
        BreakerConfig config = config().fleetSync(sync).build();
        Breaker breaker = breaker(config);
        List<SettingsChange> told = new CopyOnWriteArrayList<>();
        breaker.addListener(new BreakerListener() {
            @Override
            public void onSettingsChanged(Breaker b, SettingsChange change) {
                assertThat(b).isSameAs(breaker);
                assertThat(b.settingsChanges()).as("recorded before it is told").contains(change);
                told.add(change);
            }
        });

        SettingsChange change = breaker.reconfigure(config.toBuilder().slidingWindowSize(10).build(), "api");

        assertThat(told).containsExactly(change);
        assertThat(heard.events).containsExactly("settings: sliding-window-size 100 -> 10");
        assertThat(breaker.transitions()).isEmpty();
        assertThat(sync.published).isEmpty();
    }

    @Test
    void theHistoryKeepsTheLastChangesNewestFirst() {
        Breaker breaker = breaker(config().build());
        for (int i = 1; i <= Breaker.TRANSITION_HISTORY + 5; i++) {
            breaker.reconfigure(config().failureRateThreshold(i).build(), "change " + i);
        }

        List<SettingsChange> changes = breaker.settingsChanges();
        assertThat(changes).hasSize(Breaker.TRANSITION_HISTORY);
        assertThat(changes.get(0).source()).isEqualTo("change 25");
        assertThat(changes.get(0).changed()).containsExactly(
                new SettingsChange.Setting("failure-rate-threshold", "24", "25"));
        assertThat(changes.get(Breaker.TRANSITION_HISTORY - 1).source()).isEqualTo("change 6");
        assertThatThrownBy(() -> changes.add(changes.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBreakerOfARegistryWithAConfigResolverIsReconfiguredInPlace() {
        List<SettingsChange> told = new CopyOnWriteArrayList<>();
        BreakerRegistry registry = BreakerRegistry.builder()
                .configResolver(name -> config().minimumNumberOfCalls(5).build())
                .breakerListener(new BreakerListener() {
                    @Override
                    public void onSettingsChanged(Breaker breaker, SettingsChange change) {
                        told.add(change);
                    }
                })
                .build();
        Breaker breaker = registry.breaker("payment");
        fail(breaker, 2);

        breaker.reconfigure(breaker.config().toBuilder().minimumNumberOfCalls(3).build(), "environment change");
        fail(breaker, 1);

        assertThat(registry.breaker("payment")).isSameAs(breaker);
        assertThat(registry.find("payment")).containsSame(breaker);
        assertThat(registry.breaker("payment").config().minimumNumberOfCalls()).isEqualTo(3);
        assertThat(registry.configFor("payment").minimumNumberOfCalls())
                .as("what a new breaker of that name would get: the resolver's").isEqualTo(5);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(told).singleElement().satisfies(c -> assertThat(c.source()).isEqualTo("environment change"));
    }

    /** What the listeners heard, in order, in short. */
    static final class Heard implements BreakerListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStateTransition(Breaker breaker, StateTransition transition) {
            events.add(transition.from() + " -> " + transition.to());
        }

        @Override
        public void onWouldTransition(Breaker breaker, StateTransition transition) {
            events.add("would " + transition.from() + " -> " + transition.to());
        }

        @Override
        public void onFailureRateExceeded(Breaker breaker, float failureRate, float threshold) {
            events.add("failure rate " + failureRate + " >= " + threshold);
        }

        @Override
        public void onSettingsChanged(Breaker breaker, SettingsChange change) {
            events.add("settings: " + String.join(", ", change.changed().stream()
                    .map(s -> s.name() + " " + s.oldValue() + " -> " + s.newValue()).toList()));
        }
    }
}
