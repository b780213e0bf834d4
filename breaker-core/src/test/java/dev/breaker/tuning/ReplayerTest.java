package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.ManualClock;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Replayer#replay}: a recording through any settings, with the figures the live experiments gave. */
class ReplayerTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final BreakerConfig liveConfig = BreakerConfig.builder().clock(clock).scheduler(clock)
            .slidingWindowSize(100).minimumNumberOfCalls(20).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(60)).permittedNumberOfCallsInHalfOpenState(10).build();

    private BreakerConfig live(String settings) {
        return Replayer.apply(liveConfig, Candidates.settings(settings));
    }

    private static Map<String, BreakerConfig> candidates(BreakerConfig base) {
        Map<String, BreakerConfig> candidates = new LinkedHashMap<>();
        candidates.put("strict", Replayer.apply(base, Candidates.settings("failure-rate-threshold=20")));
        candidates.put("patient", Replayer.apply(base, Candidates.settings("wait-duration-in-open-state=65s")));
        candidates.put("automatic", Replayer.apply(base, Candidates.settings("wait-duration-in-open-state=4s, "
                + "automatic-transition-to-half-open=true")));
        // Its trial calls come only while the live breaker is HALF_OPEN: its timer reopens it after a second.
        candidates.put("bounded", Replayer.apply(base, Candidates.settings("max-wait-duration-in-half-open-state=1s, "
                + "permitted-number-of-calls-in-half-open-state=200, consecutive-failure-threshold=5")));
        return candidates;
    }

    @Test
    void replayingTheRecordingGivesWhatTheLiveExperimentsReported() throws IOException {
        Breaker live = Breaker.of("payment", liveConfig.toBuilder().waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
        Experiments experiments = Experiments.attach(live, candidates(live.config()));
        Recording recording = Recording.attach(live, 100_000);
        new Traffic(clock, live).healthy(2_000).outage(6_000).healthy(2_000).outage(400).healthy(8_000);

        List<ExperimentReport> reported = new ArrayList<>();
        reported.add(experiments.baseline());
        reported.addAll(experiments.reports());
        assertThat(reported.get(0).wouldOpen()).isEqualTo(7); // opened, reopened five times, closed, and again
        assertThat(reported.get(0).flaps()).isEqualTo(1);
        assertThat(reported).extracting(ExperimentReport::blindPeriods).allSatisfy(p -> assertThat(p).hasSize(7));

        // Twice out of CLOSED (5 failures in a row), three times by its timer, a second into the HALF_OPEN that the
        // live breaker's five failed trials left it in; never by the trials (5 failures of 200 permitted).
        assertThat(reported.get(4).wouldOpen()).isEqualTo(5);
        assertThat(reported.get(4).detections()).isEqualTo(2);
        assertThat(Replayer.replay(recording.events(), live.config(), candidates(live.config()))).isEqualTo(reported);

        // And from its JSON lines, with the settings of its header.
        StringBuilder json = new StringBuilder();
        recording.writeJsonLines(json);
        Recording.Trace trace = Recording.readJsonLines(new StringReader(json.toString()));
        BreakerConfig recorded = Replayer.apply(BreakerConfig.defaults(), trace.settings());
        assertThat(Replayer.replay(trace.events(), recorded, candidates(recorded))).isEqualTo(reported);
    }

    /** Calls 5 ms apart from {@link #START}, and the live breaker's states between them. */
    private static final class Trace {

        final List<RecordedEvent> events = new ArrayList<>();
        Instant now = START;

        Trace calls(int count, CallOutcome outcome, Duration duration) {
            for (int i = 0; i < count; i++) {
                if (!events.isEmpty()) {
                    now = now.plusMillis(5);
                }
                events.add(RecordedEvent.call(now, outcome, duration));
            }
            return this;
        }

        Trace successes(int count) {
            return calls(count, CallOutcome.SUCCESS, Duration.ofMillis(2));
        }

        Trace failures(int count) {
            return calls(count, CallOutcome.FAILURE, Duration.ofMillis(2));
        }

        Trace state(BreakerState state) {
            events.add(RecordedEvent.state(now, state));
            return this;
        }
    }

    private ExperimentReport replay(Trace trace, String settings) {
        return Replayer.replay(trace.events, liveConfig, Map.of("x", live(settings))).get(1);
    }

    @Test
    void aBurstStartsAtTheFirstFailureAfterAsManySuccessesAsTheMinimumNumberOfCalls() {
        // 10 successes between two failures do not end a burst (the minimum is 20): it started at the first.
        ExperimentReport early = replay(new Trace().successes(100).failures(1).successes(10).failures(49),
                "failure-rate-threshold=50");
        assertThat(early.detectionCalls()).isEqualTo(60);
        assertThat(early.detectionDelay()).contains(Duration.ofMillis(59 * 5));

        // 25 successes do: the burst starts again at the next failure.
        ExperimentReport late = replay(new Trace().successes(100).failures(1).successes(25).failures(49),
                "failure-rate-threshold=50");
        assertThat(late.detectionCalls()).isEqualTo(49);
        assertThat(late.detectionDelay()).contains(Duration.ofMillis(48 * 5));
    }

    @Test
    void anAutomaticTransitionEndsTheOpenTimeAtTheWaitWithoutACall() {
        Trace trace = new Trace().successes(100).failures(50).state(BreakerState.OPEN);
        trace.now = trace.now.plusSeconds(30);
        trace.state(BreakerState.HALF_OPEN);

        ExperimentReport automatic = replay(trace, "wait-duration-in-open-state=5s, "
                + "automatic-transition-to-half-open=true");
        assertThat(automatic.timeOpen()).isEqualTo(Duration.ofSeconds(5));
        assertThat(automatic.state()).isEqualTo(BreakerState.HALF_OPEN);
        ExperimentReport lazy = replay(trace, "wait-duration-in-open-state=5s");
        assertThat(lazy.timeOpen()).isEqualTo(Duration.ofSeconds(5)); // counted to the end of the wait all the same
        assertThat(lazy.state()).isEqualTo(BreakerState.OPEN); // until a call comes
        assertThat(lazy.blind()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRecordingThatEndsWhileTheLiveBreakerIsOpenEndsBlind() {
        Trace trace = new Trace().successes(100).failures(50).state(BreakerState.OPEN);
        trace.now = trace.now.plusSeconds(10);
        trace.calls(1, CallOutcome.NOT_PERMITTED, Duration.ZERO);

        ExperimentReport baseline = Replayer.replay(trace.events, liveConfig, Map.of()).get(0);
        assertThat(baseline.calls()).isEqualTo(150); // the rejected call is not judged
        assertThat(baseline.blindPeriods()).containsExactly(new ExperimentReport.Period(START.plusMillis(149 * 5),
                Optional.empty()));
        assertThat(baseline.blind()).isEqualTo(Duration.ofSeconds(10).plusMillis(5));
        assertThat(baseline.timeOpen()).isEqualTo(Duration.ofSeconds(10).plusMillis(5)); // still within its wait
        assertThat(baseline.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void slownessIsJudgedByTheCandidatesOwnThreshold() {
        Trace trace = new Trace().successes(100).calls(100, CallOutcome.SUCCESS, Duration.ofSeconds(3));

        ExperimentReport touchy = replay(trace, "slow-call-duration-threshold=1s, slow-call-rate-threshold=50");
        assertThat(touchy.wouldOpen()).isEqualTo(1);
        assertThat(touchy.detections()).isZero(); // no failure: slow calls opened it, not a burst of failures
        assertThat(touchy.needlessRejections()).isEqualTo(50);
        assertThat(touchy.verdict()).isEqualTo("worse: opened 1 time where live never did, rejecting 50 calls that "
                + "succeeded and keeping 0 failed calls away");
        assertThat(replay(trace, "slow-call-duration-threshold=5s, slow-call-rate-threshold=50").wouldOpen())
                .isZero();
    }

    @Test
    void ignoredCallsAreNotJudged() {
        Trace trace = new Trace().successes(10).calls(500, CallOutcome.IGNORED, Duration.ofSeconds(3));
        assertThat(replay(trace, "failure-rate-threshold=1").calls()).isEqualTo(10);
    }

    @Test
    void timeNeverGoesBackForEventsRecordedSlightlyOutOfOrder() {
        List<RecordedEvent> events = List.of(
                RecordedEvent.call(START.plusMillis(10), CallOutcome.SUCCESS, Duration.ZERO),
                RecordedEvent.call(START.plusMillis(9), CallOutcome.FAILURE, Duration.ZERO),
                RecordedEvent.call(START.plusMillis(20), CallOutcome.SUCCESS, Duration.ZERO));

        ExperimentReport baseline = Replayer.replay(events, liveConfig, Map.of()).get(0);
        assertThat(baseline.calls()).isEqualTo(3);
        assertThat(baseline.judged()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void anEmptyRecordingIsTooEarlyToJudge() {
        List<ExperimentReport> reports = Replayer.replay(List.of(), liveConfig, Map.of("strict",
                live("failure-rate-threshold=20")));
        assertThat(reports).extracting(ExperimentReport::verdict).containsOnly("too early: 0 calls judged");
        assertThat(reports).extracting(ExperimentReport::experiment).containsExactly("live", "strict");
    }

    @Test
    void aCandidateCannotBeNamedLive() {
        assertThatThrownBy(() -> Replayer.replay(List.of(), liveConfig, Map.of("live", liveConfig)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline");
    }
}
