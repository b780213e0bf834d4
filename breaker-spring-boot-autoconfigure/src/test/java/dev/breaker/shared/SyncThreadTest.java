package dev.breaker.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

class SyncThreadTest {

    @Test
    void aRunOfTheReconcileScheduleThatFailsDoesNotEndTheSchedule() {
        SyncThread thread = new SyncThread();
        AtomicInteger runs = new AtomicInteger();
        // The failure is provoked: keep its log entry out of the build's output.
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        String logger = RedisFleetSync.class.getName();
        logging.setLogLevel(logger, LogLevel.OFF);
        try {
            thread.scheduleWithFixedDelay(() -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("a bug in one run");
                }
            }, 10);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        } finally {
            thread.shutdownNow();
            logging.setLogLevel(logger, null);
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }
}
