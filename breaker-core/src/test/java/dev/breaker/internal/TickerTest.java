package dev.breaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cached nanoTime: refreshed while read, parked when idle, woken by the next read. Nothing here asserts timing. */
class TickerTest {

    private static final long MS = 1_000_000L;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void itsThreadIsADaemonSoItNeverKeepsTheJvmAlive() {
        Ticker ticker = new Ticker(MS, 1_000, "test-ticker-daemon");
        assertThat(ticker.thread().isDaemon()).isTrue();
        assertThat(ticker.thread().getName()).isEqualTo("test-ticker-daemon");
    }

    @Test
    void keepsMovingForwardWhileItIsRead() {
        // Parking is not what this test is about: with an idle limit no poll gap can reach, the ticker stays
        // awake however slowly the machine runs the polls (3 ticks made it flaky on a loaded machine).
        Ticker ticker = new Ticker(MS, Integer.MAX_VALUE, "test-ticker-moving");
        long first = ticker.read();
        long[] last = {first};
        await().atMost(PATIENCE).until(() -> {
            long value = ticker.read();
            assertThat(value).isGreaterThanOrEqualTo(last[0]);
            last[0] = value;
            return value > first;
        });
        assertThat(ticker.asleep()).isFalse();
    }

    @Test
    void parksWithoutReadersAndTheNextReadAnswersTheExactTimeAndWakesIt() {
        Ticker ticker = new Ticker(MS, 50, "test-ticker-parking");
        await().atMost(PATIENCE).until(ticker::asleep);

        long before = System.nanoTime();
        long read = ticker.read();

        assertThat(read).as("a parked ticker's value is not used: the read is System.nanoTime() itself")
                .isGreaterThanOrEqualTo(before);
        // Woken, the thread refreshes the value again: reads (which keep it awake) see it move on by itself.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> ticker.read() != read);
        assertThat(ticker.read()).isGreaterThan(read);
    }
}
