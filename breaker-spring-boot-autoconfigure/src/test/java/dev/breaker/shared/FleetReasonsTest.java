package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerConfig;
import org.junit.jupiter.api.Test;

/** What the fleet window and the fleet's trial verdicts write in a breaker's history, and when they trip nothing. */
class FleetReasonsTest {

    private final BreakerConfig config = BreakerConfig.builder().minimumNumberOfCalls(100).failureRateThreshold(30)
            .slowCallRateThreshold(40).permittedNumberOfCallsInHalfOpenState(10).build();

    @Test
    void theFleetWindowTripsOnEitherRateWithTheMinimumNumberOfCallsAndSaysFromHowManyInstances() {
        assertThat(FleetWindow.tripReason(240, 84, 0, 12, config))
                .isEqualTo("fleet failure rate 35% over 240 calls from 12 instances");
        assertThat(FleetWindow.tripReason(300, 10, 125, 1, config))
                .isEqualTo("fleet slow-call rate 41.7% over 300 calls from 1 instance");
        assertThat(FleetWindow.tripReason(99, 99, 99, 20, config)).as("below the minimum").isNull();
        assertThat(FleetWindow.tripReason(240, 71, 95, 12, config)).as("under both thresholds").isNull();
    }

    @Test
    void theFleetsTrialVerdictsReadLikeTheBreakersOwn() {
        assertThat(FleetTrialGate.reason(new FleetTrialsScript.Reply(10, 2, 0, 3, "close", true), config))
                .isEqualTo("fleet trial calls: failure rate 20% < 30% and slow-call rate 0% < 40% over 10 trial calls"
                        + " from 3 instances");
        assertThat(FleetTrialGate.reason(new FleetTrialsScript.Reply(6, 3, 1, 2, "open", true), config))
                .isEqualTo("fleet trial calls: 3 failed and 1 slow of 6 completed (of 10) from 2 instances: failure"
                        + " rate 30% >= 30%");
        assertThat(FleetTrialGate.reason(new FleetTrialsScript.Reply(5, 0, 4, 2, "open", true), config))
                .endsWith("slow-call rate 40% >= 40%");

        BreakerConfig successes = config.toBuilder().successThresholdInHalfOpenState(3).build();
        assertThat(FleetTrialGate.reason(new FleetTrialsScript.Reply(3, 0, 0, 1, "close", true), successes))
                .isEqualTo("fleet trial calls: 3 successful trial calls in a row from 1 instance");
        assertThat(FleetTrialGate.reason(new FleetTrialsScript.Reply(2, 1, 0, 2, "open", true), successes))
                .isEqualTo("fleet trial calls: 1 failed and 0 slow of 2 completed from 2 instances, with 3 successful"
                        + " trial calls needed to close");
    }
}
