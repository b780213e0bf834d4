package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fleet window's sums and the fleet's trial verdicts, run inside a real Redis. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FleetScriptsTest extends RedisFleetTestSupport {

    private final String key = "breaker:scripts:{" + UUID.randomUUID() + "}";

    /** One flush of {@code instance}'s counts into a window of {@code size} seconds. */
    private FleetWindowScript.Reply flush(long version, String instance, long calls, long failed, long slow, int size) {
        List<?> reply = template.execute(FleetWindowScript.FLUSH, List.of(key + ":w", key + ":w:instances"),
                Long.toString(version), instance, Long.toString(calls), Long.toString(failed), Long.toString(slow),
                Integer.toString(size));
        return FleetWindowScript.Reply.of(reply);
    }

    /** One trial outcome of {@code instance}: 4 permitted, thresholds 50%, rates decide unless {@code needed} > 0. */
    private FleetTrialsScript.Reply trial(String instance, boolean failed, int needed) {
        List<?> reply = template.execute(FleetTrialsScript.RECORD, List.of(key + ":trials:1"), instance,
                failed ? "1" : "0", "0", "4", "50.0", "100.0", Integer.toString(needed), "30000");
        return FleetTrialsScript.Reply.of(reply);
    }

    @Test
    void eachFlushAddsItsCountsAndGetsTheFleetsSumsAndInstances() {
        assertThat(flush(1, "a", 10, 2, 1, 60)).isEqualTo(new FleetWindowScript.Reply(1, 10, 2, 1, 1, true));
        assertThat(flush(1, "b", 5, 5, 0, 60)).isEqualTo(new FleetWindowScript.Reply(1, 15, 7, 1, 2, true));
        assertThat(flush(1, "a", 1, 0, 0, 60)).isEqualTo(new FleetWindowScript.Reply(1, 16, 7, 1, 2, true));
        // An instance with nothing to add reads the sums, and is not counted among those reporting calls.
        assertThat(flush(1, "c", 0, 0, 0, 60)).isEqualTo(new FleetWindowScript.Reply(1, 16, 7, 1, 2, false));
    }

    @Test
    void aNewVersionOfTheSharedStateStartsTheWindowEmptyAndAnOlderOneAddsNothing() {
        flush(3, "a", 10, 10, 0, 60);

        assertThat(flush(4, "b", 2, 0, 0, 60)).isEqualTo(new FleetWindowScript.Reply(4, 2, 0, 0, 1, true));
        // "a" has not heard of version 4 yet: its counts belong to the window of before, and go nowhere.
        assertThat(flush(3, "a", 7, 7, 0, 60)).isEqualTo(new FleetWindowScript.Reply(4, 2, 0, 0, 1, false));
    }

    @Test
    void secondsLeaveTheWindowAndInstancesThatStopReportingAgeOut() {
        flush(1, "a", 10, 10, 0, 2);
        flush(1, "b", 4, 0, 0, 2);

        // Nobody adds anything: within the window and its second of lag, the sums fall back to nothing.
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                .until(() -> flush(1, "c", 0, 0, 0, 2), reply -> reply.calls() == 0 && reply.instances() == 0);
        assertThat(flush(1, "c", 3, 1, 0, 2)).isEqualTo(new FleetWindowScript.Reply(1, 3, 1, 0, 1, true));
        assertThat(template.opsForHash().keys(key + ":w")).as("the seconds that left are deleted")
                .hasSize(5 + 3).contains("version", "from", "calls", "failed", "slow");
    }

    @Test
    void bothKeysExpireShortlyAfterTheWindow() {
        flush(1, "a", 1, 0, 0, 30);

        assertThat(template.getExpire(key + ":w")).isBetween(30L, 30L + FleetWindowScript.EXPIRY_MARGIN_SECONDS);
        assertThat(template.getExpire(key + ":w:instances")).isBetween(30L,
                30L + FleetWindowScript.EXPIRY_MARGIN_SECONDS);
    }

    @Test
    void theTrialsCloseOnceThePermittedNumberPassedAndExactlyOneRunSaysItReachedTheVerdict() {
        List<FleetTrialsScript.Reply> replies = new ArrayList<>();
        replies.add(trial("a", false, 0));
        replies.add(trial("b", true, 0)); // 1 failed of 4 permitted: 25% < 50%, the visit goes on
        replies.add(trial("a", false, 0));
        replies.add(trial("c", false, 0));

        assertThat(replies).extracting(FleetTrialsScript.Reply::verdict).containsExactly("", "", "", "close");
        assertThat(replies.get(3)).isEqualTo(new FleetTrialsScript.Reply(4, 1, 0, 3, "close", true));
        // A trial completing after the verdict counts nothing and hears the verdict, which it did not reach.
        assertThat(trial("b", true, 0)).isEqualTo(new FleetTrialsScript.Reply(4, 1, 0, 3, "close", false));
    }

    @Test
    void theTrialsReopenAsSoonAsTheFailureRateCanNoLongerStayUnderItsThreshold() {
        trial("a", true, 0);
        FleetTrialsScript.Reply second = trial("b", true, 0); // 2 of 4 permitted failed: at least 50%

        assertThat(second).isEqualTo(new FleetTrialsScript.Reply(2, 2, 0, 2, "open", true));
    }

    @Test
    void withASuccessThresholdTheFirstFailedTrialReopensAndThatManyGoodOnesClose() {
        assertThat(trial("a", false, 2).verdict()).isEmpty();
        assertThat(trial("b", false, 2)).isEqualTo(new FleetTrialsScript.Reply(2, 0, 0, 2, "close", true));

        String other = key + ":trials:2";
        List<?> failed = template.execute(FleetTrialsScript.RECORD, List.of(other), "a", "1", "0", "4", "50.0",
                "100.0", "2", "30000");
        assertThat(FleetTrialsScript.Reply.of(failed)).isEqualTo(new FleetTrialsScript.Reply(1, 1, 0, 1, "open", true));
    }
}
