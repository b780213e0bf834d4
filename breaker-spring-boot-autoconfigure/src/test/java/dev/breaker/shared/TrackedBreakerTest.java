package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.FleetTransition;
import dev.breaker.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a shared breaker's sync status says, without Redis. */
class TrackedBreakerTest {

    private final ManualClock clock = new ManualClock();
    private final Breaker breaker = Breaker.of("payment", BreakerConfig.builder().slidingWindowSize(2)
            .minimumNumberOfCalls(2).waitDurationInOpenState(Duration.ofSeconds(10)).clock(clock).scheduler(clock)
            .build());
    private final TrackedBreaker entry = new TrackedBreaker(breaker, "breaker:test:payment");

    private SyncState status() {
        return entry.status().status();
    }

    @Test
    void syncedOnlyOnceRedisWasSeenHoldingTheStateTheBreakerIsIn() {
        entry.succeeded();
        assertThat(status()).as("nothing heard from Redis yet").isEqualTo(SyncState.PENDING);
        entry.confirmed = BreakerState.CLOSED;
        assertThat(status()).isEqualTo(SyncState.SYNCED);

        breaker.transitionToForcedOpenState();
        assertThat(status()).as("the breaker moved, Redis was not seen to follow").isEqualTo(SyncState.PENDING);
        entry.toWrite(new FleetTransition(BreakerState.FORCED_OPEN, true, 0, null, clock.now(), "forced"));
        assertThat(status()).isEqualTo(SyncState.PENDING);
        entry.pending = null;
        entry.confirmed = BreakerState.FORCED_OPEN;
        assertThat(status()).isEqualTo(SyncState.SYNCED);

        entry.failed("read failed: timeout");
        assertThat(status()).isEqualTo(SyncState.UNAVAILABLE);
    }

    @Test
    void halfOpenAgreesWithAnOpenFleet() {
        breaker.onError(Duration.ZERO, new IllegalStateException("down"));
        breaker.onError(Duration.ZERO, new IllegalStateException("down"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        entry.succeeded();
        entry.confirmed = BreakerState.OPEN;
        assertThat(status()).isEqualTo(SyncState.SYNCED);
        entry.confirmed = BreakerState.CLOSED;
        assertThat(status()).isEqualTo(SyncState.PENDING);
    }
}
