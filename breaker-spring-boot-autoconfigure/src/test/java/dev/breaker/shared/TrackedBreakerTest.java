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
    void aFailureNamesItsRootCauseAndATimeoutSaysHowLongRedisWasGiven() {
        Exception refused = new IllegalStateException("Unable to connect to Redis",
                new IllegalStateException("Unable to connect to localhost/<unresolved>:6379",
                        new java.net.ConnectException("Connection refused: localhost/127.0.0.1:6379")));
        refused.getCause().getCause().initCause(new java.net.ConnectException("Connection refused"));
        assertThat(RedisErrors.describe(refused, Duration.ofMillis(500)))
                .isEqualTo("Connection refused: localhost/127.0.0.1:6379 (ConnectException)");
        Exception silent = new java.util.concurrent.TimeoutException(
                "Did not observe any item or terminal signal within 500ms in 'timeout' (and no fallback has been configured)");
        assertThat(RedisErrors.describe(silent, Duration.ofMillis(500)))
                .isEqualTo("Redis did not answer within PT0.5S");
    }

    @Test
    void aSyncThatRecoversSaysSoOnceAtInfo() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(RedisFleetSync.class);
        ch.qos.logback.classic.Level level = log.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        log.addAppender(appender);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.setAdditive(false); // captured, not printed
        try {
            entry.failed("read failed: Connection refused (ConnectException)");
            entry.failed("read failed: Connection refused (ConnectException)");
            entry.succeeded();
            entry.succeeded();
        } finally {
            log.detachAppender(appender);
            log.setLevel(level);
            log.setAdditive(true);
        }
        assertThat(appender.list).extracting(event -> event.getLevel() + " " + event.getFormattedMessage())
                .containsExactly("WARN Circuit breaker 'payment' cannot sync with Redis (read failed: Connection refused"
                        + " (ConnectException)); it decides alone until Redis answers again",
                        "INFO Circuit breaker 'payment' syncs with Redis again (the last failure was: read failed:"
                        + " Connection refused (ConnectException))");
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
