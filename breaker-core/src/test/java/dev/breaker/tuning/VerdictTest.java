package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ExperimentReport#verdictAgainst}: better, worse, trade-off, same or too early, and why. */
class VerdictTest {

    private static ExperimentReport report(long calls, long needless, long keptAway, long wouldOpen,
            Long detectionMillis) {
        return new ExperimentReport("x", "", calls, wouldOpen, Duration.ZERO, needless, keptAway,
                detectionMillis == null ? 0 : 1, Optional.ofNullable(detectionMillis).map(Duration::ofMillis),
                detectionMillis == null ? 0 : 10, 0, Duration.ofMinutes(1), Duration.ZERO, List.of(),
                BreakerState.CLOSED, "");
    }

    private final ExperimentReport live = report(1_000, 12, 0, 1, 1_400L);

    @Test
    void fewerNeedlessRejectionsAtFasterDetectionIsBetter() {
        assertThat(report(1_000, 3, 0, 1, 1_200L).verdictAgainst(live))
                .isEqualTo("better: 3 needless rejections instead of 12, detection 1.2s after 10 calls instead of 1.4s after 10");
    }

    @Test
    void fewerNeedlessRejectionsAtTheSameDetectionIsBetter() {
        assertThat(report(1_000, 3, 0, 1, 1_400L).verdictAgainst(live))
                .isEqualTo("better: 3 needless rejections instead of 12, detection 1.4s after 10 calls instead of 1.4s after 10");
    }

    @Test
    void moreNeedlessRejectionsAtSlowerDetectionIsWorse() {
        assertThat(report(1_000, 13, 0, 1, 2_000L).verdictAgainst(live))
                .isEqualTo("worse: 13 needless rejections instead of 12, detection 2s after 10 calls instead of 1.4s after 10");
    }

    @Test
    void neverOpeningWhileLiveDidIsSlowerDetection() {
        assertThat(report(1_000, 12, 0, 0, null).verdictAgainst(live))
                .isEqualTo("worse: needless rejections as live (12), no detection where live took 1.4s");
        ExperimentReport openedWithoutADetection = report(1_000, 0, 0, 2, null);
        assertThat(report(1_000, 0, 0, 0, null).verdictAgainst(openedWithoutADetection))
                .isEqualTo("worse: needless rejections as live (0), never opened instead of opened 2 times");
    }

    @Test
    void fewerCallsToDetectIsFasterWhateverTheMillisecondsOfCallsRunningAtOnce() {
        ExperimentReport liveAfterFour = new ExperimentReport("live", "", 1_000, 1, Duration.ZERO, 0, 0, 1,
                Optional.of(Duration.ofMillis(4)), 4, 0, Duration.ofMinutes(1), Duration.ZERO, List.of(),
                BreakerState.OPEN, "");
        ExperimentReport afterThree = new ExperimentReport("quick", "", 1_000, 1, Duration.ZERO, 0, 0, 1,
                Optional.of(Duration.ofMillis(5)), 3, 0, Duration.ofMinutes(1), Duration.ZERO, List.of(),
                BreakerState.OPEN, "");
        assertThat(afterThree.verdictAgainst(liveAfterFour)).isEqualTo("better: needless rejections as live (0), "
                + "detection 5ms after 3 calls instead of 4ms after 4");
    }

    @Test
    void openingWhereLiveNeverDidIsJudgedByTheCallsItWouldHaveRejected() {
        ExperimentReport quiet = report(1_000, 0, 0, 0, null);
        assertThat(report(1_000, 143, 10, 1, 20L).verdictAgainst(quiet)).isEqualTo("worse: opened 1 time where live"
                + " never did, rejecting 143 calls that succeeded and keeping 10 failed calls away");
        assertThat(report(1_000, 5, 480, 2, 20L).verdictAgainst(quiet)).isEqualTo("better: opened 2 times where live"
                + " never did, rejecting 5 calls that succeeded and keeping 480 failed calls away");
        assertThat(report(1_000, 0, 0, 1, 20L).verdictAgainst(quiet)).isEqualTo("too early: opened 1 time where live"
                + " never did, and no call has tested that opening yet");
    }

    @Test
    void fewerNeedlessRejectionsButSlowerDetectionIsATradeOff() {
        assertThat(report(1_000, 1, 4, 1, 3_000L).verdictAgainst(live)).isEqualTo("trade-off: 1 needless rejection "
                + "instead of 12, detection 3s after 10 calls instead of 1.4s after 10, 4 failed calls kept away instead of 0");
    }

    @Test
    void theSameFiguresAreTheSameSoFar() {
        assertThat(report(1_000, 12, 0, 1, 1_400L).verdictAgainst(live)).isEqualTo("same as live so far");
        assertThat(report(1_000, 12, 0, 1, 1_400L).withVerdict("v").verdict()).isEqualTo("v");
        assertThat(report(1_000, 12, 1, 1, 1_400L).verdictAgainst(live))
                .isEqualTo("same as live so far but 1 failed call kept away instead of 0");
    }

    @Test
    void delaysLessThanAMillisecondApartAreTheSame() {
        ExperimentReport almost = new ExperimentReport("x", "", 1_000, 1, Duration.ZERO, 12, 0, 1,
                Optional.of(Duration.ofMillis(1_400).minusNanos(999_999)), 10, 0, Duration.ofMinutes(1),
                Duration.ZERO, List.of(), BreakerState.CLOSED, "");
        assertThat(almost.verdictAgainst(live)).isEqualTo("same as live so far");
    }

    @Test
    void tooFewCallsJudgedIsTooEarlyToSay() {
        assertThat(report(19, 0, 0, 0, null).verdictAgainst(report(19, 5, 0, 1, 100L)))
                .isEqualTo("too early: 19 calls judged");
        assertThat(Verdict.of(report(99, 0, 0, 0, null), live, 100)).isEqualTo("too early: 99 calls judged");
        assertThat(Verdict.of(report(1, 0, 0, 0, null), live, 100)).isEqualTo("too early: 1 call judged");
        assertThat(Verdict.summary(report(99, 0, 0, 0, null), 100)).isEqualTo("too early: 99 calls judged");
    }

    @Test
    void theBaselineSummarisesWhatTheLiveSettingsDid() {
        ExperimentReport baseline = new ExperimentReport("live", "", 5_000, 2, Duration.ofSeconds(90), 7, 0, 2,
                Optional.of(Duration.ofMillis(245)), 37.5, 1, Duration.ofMinutes(10), Duration.ZERO, List.of(),
                BreakerState.CLOSED, "");
        assertThat(Verdict.summary(baseline, 20)).isEqualTo("live settings: 5000 calls judged, opened 2 times, "
                + "detection 245ms after 37.5 calls, 1m 30s open, 7 needless rejections, 1 flap");
        assertThat(Verdict.summary(report(50, 0, 0, 0, null), 20))
                .isEqualTo("live settings: 50 calls judged, never opened");
    }
}
