package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Experiments} beside a live breaker on a manual clock, with traffic at 200 calls a second (one every 5 ms):
 * a healthy stream, then an outage. Live settings: a window of 100 calls, 20 at least, 50% failures, 60 s open.
 * In a window full of successes the n-th failure of an outage makes the rate n%, so the live breaker opens on the
 * 50th failure, 245 ms after the first, and a candidate with a 20% threshold on the 20th, 95 ms after it.
 */
class ExperimentsTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final BreakerConfig liveConfig = BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(100).minimumNumberOfCalls(20).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(60)).permittedNumberOfCallsInHalfOpenState(10).build();
    private final Breaker live = Breaker.of("payment", liveConfig);

    private BreakerConfig live(String settings) {
        return Replayer.apply(liveConfig, Candidates.settings(settings));
    }

    private Map<String, BreakerConfig> candidates() {
        Map<String, BreakerConfig> candidates = new LinkedHashMap<>();
        candidates.put("strict", live("failure-rate-threshold=20"));
        candidates.put("lenient", live("failure-rate-threshold=80"));
        candidates.put("patient", live("wait-duration-in-open-state=65s"));
        candidates.put("eager", live("failure-rate-threshold=20, wait-duration-in-open-state=65s"));
        return candidates;
    }

    /** 10 s healthy, a 30 s outage, 40 s healthy: the live breaker is open (blind) from 10.245 s to 70.245 s. */
    private Traffic outageOfThirtySeconds() {
        return new Traffic(clock, live).healthy(2_000).outage(6_000).healthy(8_000);
    }

    @Test
    void theBaselineDoesWhatTheLiveBreakerDid() {
        Experiments experiments = Experiments.attach(live, candidates());
        Traffic traffic = outageOfThirtySeconds();

        ExperimentReport baseline = experiments.baseline();
        assertThat(baseline.experiment()).isEqualTo("live");
        assertThat(baseline.settings()).isEmpty();
        assertThat(baseline.calls()).isEqualTo(traffic.sent - traffic.rejected).isEqualTo(4_001);
        assertThat(baseline.wouldOpen()).isEqualTo(1);
        assertThat(baseline.timeOpen()).isEqualTo(Duration.ofSeconds(60));
        assertThat(baseline.needlessRejections()).isZero();
        assertThat(baseline.keptAway()).isZero();
        assertThat(baseline.detections()).isEqualTo(1);
        assertThat(baseline.detectionDelay()).contains(Duration.ofMillis(245));
        assertThat(baseline.detectionCalls()).isEqualTo(50);
        assertThat(baseline.flaps()).isZero();
        assertThat(baseline.blind()).isEqualTo(Duration.ofSeconds(60));
        assertThat(baseline.judged()).isEqualTo(Duration.ofMillis(79_995 - 60_000));
        assertThat(baseline.blindPeriods()).containsExactly(new ExperimentReport.Period(
                START.plusMillis(10_245), Optional.of(START.plusMillis(70_245))));
        assertThat(baseline.state()).isEqualTo(BreakerState.CLOSED).isEqualTo(live.state());
        assertThat(baseline.verdict()).isEqualTo(
                "live settings: 4001 calls judged, opened 1 time, detection 245ms after 50 calls, 1m open");
        assertThat(live.transitions()).hasSize(3); // CLOSED -> OPEN -> HALF_OPEN -> CLOSED, as the baseline did
    }

    @Test
    void aStricterThresholdDetectsTheOutageAfterTwentyCallsAndKeepsTheNextThirtyFailuresAway() {
        Experiments experiments = Experiments.attach(live, candidates());
        outageOfThirtySeconds();

        ExperimentReport strict = experiments.report("strict").orElseThrow();
        assertThat(strict.settings()).isEqualTo("failure-rate-threshold=20");
        assertThat(strict.detectionCalls()).isEqualTo(20);
        assertThat(strict.detectionDelay()).contains(Duration.ofMillis(95));
        assertThat(strict.keptAway()).isEqualTo(30); // failures 21 to 50, before the live breaker opened
        assertThat(strict.needlessRejections()).isZero();
        // Its wait ended at 70.095 s, while the live breaker was still open: it counts up to there, not to the
        // next call (at 70.245 s).
        assertThat(strict.timeOpen()).isEqualTo(Duration.ofSeconds(60));
        assertThat(strict.wouldOpen()).isEqualTo(1);
        assertThat(strict.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(strict.verdict()).isEqualTo("better: needless rejections as live (0), detection 95ms after 20 "
                + "calls instead of 245ms after 50, 30 failed calls kept away instead of 0");
    }

    @Test
    void aMoreLenientThresholdNeverOpensOnWhatItSawSoItDetectsSlower() {
        Experiments experiments = Experiments.attach(live, candidates());
        outageOfThirtySeconds();

        ExperimentReport lenient = experiments.report("lenient").orElseThrow();
        // It saw 50 failures in 100 calls before the live breaker opened, and nothing of the outage after.
        assertThat(lenient.wouldOpen()).isZero();
        assertThat(lenient.detectionDelay()).isEmpty();
        assertThat(lenient.keptAway()).isZero();
        assertThat(lenient.needlessRejections()).isZero();
        assertThat(lenient.timeOpen()).isZero();
        assertThat(lenient.verdict()).isEqualTo("worse: needless rejections as live (0), no detection where live took "
                + "245ms");
    }

    @Test
    void aLongerWaitRejectsTheCallsThatSucceededAfterTheOutage() {
        Experiments experiments = Experiments.attach(live, candidates());
        outageOfThirtySeconds();

        ExperimentReport patient = experiments.report("patient").orElseThrow();
        // Open from 10.245 s to 75.245 s: the calls from 70.245 s (where the live breaker let them through again)
        // up to 75.24 s succeeded, 1000 of them.
        assertThat(patient.needlessRejections()).isEqualTo(1_000);
        assertThat(patient.timeOpen()).isEqualTo(Duration.ofSeconds(65));
        assertThat(patient.detectionDelay()).contains(Duration.ofMillis(245));
        assertThat(patient.verdict()).isEqualTo("worse: 1000 needless rejections instead of 0, detection 245ms "
                + "after 50 calls instead of 245ms after 50");

        ExperimentReport eager = experiments.report("eager").orElseThrow();
        // Open from 10.095 s to 75.095 s: 970 successful calls from 70.245 s.
        assertThat(eager.needlessRejections()).isEqualTo(970);
        assertThat(eager.keptAway()).isEqualTo(30);
        assertThat(eager.verdict()).isEqualTo("trade-off: 970 needless rejections instead of 0, detection 95ms "
                + "after 20 calls instead of 245ms after 50, 30 failed calls kept away instead of 0");
    }

    @Test
    void reportsComeInTheOrderGivenAndByName() {
        Experiments experiments = Experiments.attach(live, candidates());
        outageOfThirtySeconds();

        assertThat(experiments.reports()).extracting(ExperimentReport::experiment)
                .containsExactly("strict", "lenient", "patient", "eager");
        assertThat(experiments.report("live")).contains(experiments.baseline());
        assertThat(experiments.report("nope")).isEmpty();
        assertThat(experiments.live()).isSameAs(live);
    }

    @Test
    void twoOutagesHalfAMinuteApartAreAFlapAndTwoBlindPeriods() {
        Breaker quick = Breaker.of("payment", liveConfig.toBuilder().waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
        Experiments experiments = Experiments.attach(quick, Map.of("steady", live("wait-duration-in-open-state=60s")));
        // Outages of 2 s at 10 s and at 40 s; the live breaker is open 10.245-15.245 s and 40.245-45.245 s.
        Traffic traffic = new Traffic(clock, quick).healthy(2_000).outage(400).healthy(5_600).outage(400)
                .healthy(3_600);

        ExperimentReport baseline = experiments.baseline();
        assertThat(traffic.rejected).isEqualTo(2 * 999);
        assertThat(baseline.calls()).isEqualTo(12_000 - 2 * 999);
        assertThat(baseline.wouldOpen()).isEqualTo(2);
        assertThat(baseline.flaps()).isEqualTo(1); // reopened 24.955 s after closing at 15.29 s
        assertThat(baseline.detections()).isEqualTo(2); // the second burst starts at the first failure since closing
        assertThat(baseline.detectionDelay()).contains(Duration.ofMillis(245));
        assertThat(baseline.timeOpen()).isEqualTo(Duration.ofSeconds(10));
        assertThat(baseline.blind()).isEqualTo(Duration.ofSeconds(10));
        assertThat(baseline.blindPeriods()).containsExactly(
                new ExperimentReport.Period(START.plusMillis(10_245), Optional.of(START.plusMillis(15_245))),
                new ExperimentReport.Period(START.plusMillis(40_245), Optional.of(START.plusMillis(45_245))));

        // With a minute's wait it never closed: no flap, and every call it saw after 15.245 s was refused.
        ExperimentReport steady = experiments.reports().get(0);
        assertThat(steady.flaps()).isZero();
        assertThat(steady.wouldOpen()).isEqualTo(1);
        assertThat(steady.state()).isEqualTo(BreakerState.OPEN);
        assertThat(steady.timeOpen()).isEqualTo(Duration.ofMillis(59_995 - 10_245)); // still open: up to now
        assertThat(steady.keptAway()).isEqualTo(50); // the second outage's failures before the live breaker opened
        // Every call it saw after the first 2050 (up to the live opening) was refused: 50 failures, the rest successes.
        assertThat(steady.needlessRejections()).isEqualTo(baseline.calls() - 2_050 - 50);
    }

    @Test
    void theLiveBreakerIsBlindWhileForcedOpenAndTheExperimentsLearnNothingThen() {
        Experiments experiments = Experiments.attach(live, Map.of("strict", live("failure-rate-threshold=20")));
        Traffic traffic = new Traffic(clock, live).healthy(100);
        live.transitionToForcedOpenState();
        traffic.outage(1_000); // rejected: nothing reached the dependency, so nothing is judged
        live.transitionToClosedState();
        traffic.healthy(100);

        ExperimentReport strict = experiments.reports().get(0);
        assertThat(strict.calls()).isEqualTo(200);
        assertThat(strict.wouldOpen()).isZero();
        assertThat(strict.keptAway()).isZero();
        assertThat(strict.blind()).isEqualTo(Duration.ofMillis(5_000)); // from the 100th call to the 1101st
        assertThat(strict.blindPeriods()).singleElement().satisfies(period -> assertThat(period.to()).isPresent());
        assertThat(strict.judged()).isEqualTo(Duration.ofMillis(1_199 * 5 - 5_000));
    }

    @Test
    void aBreakerAlreadyOpenWhenTheExperimentsStartIsBlindFromTheStart() {
        live.transitionToForcedOpenState();
        Experiments experiments = Experiments.attach(live, Map.of("strict", live("failure-rate-threshold=20")));
        clock.advance(Duration.ofSeconds(3));

        ExperimentReport baseline = experiments.baseline();
        assertThat(baseline.blind()).isEqualTo(Duration.ofSeconds(3));
        assertThat(baseline.judged()).isZero();
        assertThat(baseline.blindPeriods()).containsExactly(new ExperimentReport.Period(START, Optional.empty()));
        assertThat(baseline.verdict()).isEqualTo("too early: 0 calls judged");
        assertThat(experiments.reports().get(0).verdict()).isEqualTo("too early: 0 calls judged");
    }

    @Test
    void anExperimentNeverRejectsOrChangesALiveCall() {
        // Opens on the first failure and stays open for an hour: it would reject nearly everything.
        Experiments experiments = Experiments.attach(live,
                Map.of("jumpy", live("consecutive-failure-threshold=1, wait-duration-in-open-state=1h")));
        Traffic traffic = new Traffic(clock, live);
        for (int i = 0; i < 100; i++) {
            traffic.healthy(49).outage(1); // 2% failures: the live breaker stays closed
        }

        assertThat(traffic.rejected).isZero();
        assertThat(live.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(live.metrics().notPermittedCallsTotal()).isZero();
        assertThat(live.metrics().failedCallsTotal()).isEqualTo(100);
        ExperimentReport jumpy = experiments.reports().get(0);
        assertThat(jumpy.wouldOpen()).isEqualTo(1);
        assertThat(jumpy.needlessRejections()).isEqualTo(5_000 - 49 - 100);
        assertThat(jumpy.keptAway()).isEqualTo(99);
        assertThat(jumpy.verdict()).isEqualTo("worse: opened 1 time where live never did, rejecting 4851 calls that "
                + "succeeded and keeping 99 failed calls away");
    }

    @Test
    void closingStopsTheFeedAndFreezesTheReports() {
        Experiments experiments = Experiments.attach(live, Map.of("strict", live("failure-rate-threshold=20")));
        Traffic traffic = new Traffic(clock, live).healthy(100);
        experiments.close();
        traffic.outage(100);
        clock.advance(Duration.ofMinutes(5));

        ExperimentReport strict = experiments.reports().get(0);
        assertThat(strict.calls()).isEqualTo(100);
        assertThat(strict.wouldOpen()).isZero();
        assertThat(strict.judged()).isEqualTo(Duration.ofMillis(99 * 5));
        experiments.close(); // twice is harmless
    }

    @Test
    void besideAnObservingBreakerTheBaselineShowsWhatEnforcingWouldHaveCost() {
        Breaker observing = Breaker.of("payment", liveConfig.toBuilder().mode(dev.breaker.BreakerMode.OBSERVE).build());
        Experiments experiments = Experiments.attach(observing, Map.of());
        Experiments withOne = Experiments.attach(observing, Map.of("strict", live("failure-rate-threshold=20")));
        Traffic traffic = new Traffic(clock, observing).healthy(2_000).outage(6_000).healthy(8_000);

        assertThat(traffic.rejected).isZero();
        assertThat(experiments.baseline().calls()).isZero(); // nothing attached
        ExperimentReport baseline = withOne.baseline();
        assertThat(baseline.calls()).isEqualTo(16_000);
        assertThat(baseline.blind()).isZero(); // an observing breaker rejects nothing
        // Open from 10.245 s to 70.245 s: the outage's 5950 failures after the 50th kept away, and the 6049
        // successful calls from 40 s to 70.24 s rejected for nothing.
        assertThat(baseline.keptAway()).isEqualTo(5_950);
        assertThat(baseline.needlessRejections()).isEqualTo(6_049);
        ExperimentReport strict = withOne.reports().get(0);
        assertThat(strict.keptAway()).isEqualTo(5_980);
        assertThat(strict.needlessRejections()).isEqualTo(6_019); // its wait ended 150 ms sooner
        assertThat(strict.verdict()).isEqualTo("better: 6019 needless rejections instead of 6049, detection 95ms "
                + "after 20 calls instead of 245ms after 50, 5980 failed calls kept away instead of 5950");
    }

    @Test
    void anExperimentCannotBeNamedLiveOrNothing() {
        assertThatThrownBy(() -> Experiments.attach(live, Map.of("live", liveConfig)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'live'");
        assertThatThrownBy(() -> Experiments.attach(live, Map.of(" ", liveConfig)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a name");
    }

    @Test
    void aShadowIgnoresTheCandidatesExceptionRulesModeAndClock() {
        BreakerConfig odd = live("failure-rate-threshold=20, mode=OBSERVE").toBuilder()
                .ignoreExceptions(RuntimeException.class).clock(new ManualClock(Instant.EPOCH)).build();
        Experiments experiments = Experiments.attach(live, Map.of("odd", odd));
        outageOfThirtySeconds();

        ExperimentReport report = experiments.reports().get(0);
        assertThat(report.settings()).isEqualTo("failure-rate-threshold=20"); // no mode: a shadow enforces
        assertThat(report.keptAway()).isEqualTo(30); // the live failures counted, though the rule ignores them
        assertThat(report.detectionDelay()).contains(Duration.ofMillis(95)); // on the live clock
    }

    @Test
    void listsTheLastTenBlindPeriods() {
        Experiments experiments = Experiments.attach(live, Map.of("strict", live("failure-rate-threshold=20")));
        for (int i = 0; i < 12; i++) {
            live.transitionToForcedOpenState();
            clock.advance(Duration.ofSeconds(1));
            live.transitionToClosedState();
            clock.advance(Duration.ofSeconds(1));
        }

        List<ExperimentReport.Period> periods = experiments.baseline().blindPeriods();
        assertThat(periods).hasSize(Experiments.BLIND_PERIODS);
        assertThat(periods.get(0).from()).isEqualTo(START.plusSeconds(4));
        assertThat(experiments.baseline().blind()).isEqualTo(Duration.ofSeconds(12));
    }
}
