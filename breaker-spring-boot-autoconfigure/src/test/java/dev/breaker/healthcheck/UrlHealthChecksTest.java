package dev.breaker.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.ManualClock;
import dev.breaker.StateTransition;
import dev.breaker.definition.BreakerConfigurationException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** URL health checks against a real local HTTP server, on a {@link ManualClock}, with bounded awaits for answers. */
class UrlHealthChecksTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration INTERVAL = HealthCheckSettings.DEFAULT_INTERVAL;

    private final ManualClock clock = new ManualClock();
    private final BreakerRegistry registry = BreakerRegistry.builder().defaultConfig(BreakerConfig.builder()
            .clock(clock).scheduler(clock).build()).build();
    private final HealthServer server = new HealthServer();
    private HealthChecks checks;

    @AfterEach
    void stop() {
        if (checks != null) {
            checks.stop();
        }
        server.close();
    }

    @Test
    void a2xxAnswerIsHealthyAndAnyOtherOpensTheBreakerAtTheThreshold() {
        Breaker breaker = registry.breaker("payments");
        start(server.url(), 3);
        server.answer(204);
        firstCheck();
        assertThat(status().result()).isEqualTo(HealthCheckStatus.Result.HEALTHY);
        assertThat(status().detail()).isEqualTo("HTTP 204");

        server.answer(503);
        nextCheck();
        nextCheck();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        nextCheck();

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.transitions()).first().extracting(StateTransition::reason)
                .isEqualTo("health check '" + server.url() + "' unhealthy 3 times: HTTP 503");
        assertThat(status().check()).isEqualTo(server.url().toString());
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void redirectsAreNotFollowed() {
        registry.breaker("payments");
        start(server.url(), 3);
        server.answer(302);
        firstCheck();

        assertThat(status().result()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
        assertThat(status().detail()).isEqualTo("HTTP 302");
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        registry.breaker("payments");
        start(URI.create("http://127.0.0.1:" + port + "/health"), 3);
        firstCheck();

        assertThat(status().result()).isEqualTo(HealthCheckStatus.Result.UNHEALTHY);
        assertThat(status().detail()).startsWith("ConnectException");
    }

    @Test
    void aServerThatHangsIsUnhealthyAtTheTimeoutAndOtherChecksGoOn() {
        HealthServer healthy = new HealthServer().answer(200);
        try {
            registry.breaker("payments");
            registry.breaker("search");
            server.hang();
            checks = new HealthChecks(registry, name -> HealthCheckSettings.url("breaker.instances." + name
                    + ".health-check.url", name.equals("payments") ? server.url() : healthy.url()),
                    new HealthProbes(null), List.of());
            checks.start();

            clock.advance(Duration.ZERO);
            await().atMost(BOUND).until(() -> checks.status("search").orElseThrow().result() != null);
            assertThat(checks.status("search").orElseThrow().detail()).isEqualTo("HTTP 200");
            assertThat(status().result()).as("no answer yet, within the timeout").isNull();

            clock.advance(HealthCheckSettings.DEFAULT_TIMEOUT);
            await().atMost(BOUND).until(() -> status().result() != null);
            assertThat(status().detail()).isEqualTo("no answer within 2s");
        } finally {
            healthy.close();
        }
    }

    @Test
    void anIndicatorWithoutSpringBootHealthFailsStartupNamingTheSetting() {
        assertThatExceptionOfType(BreakerConfigurationException.class)
                .isThrownBy(() -> new HealthProbes(null).create(HealthCheckSettings.indicator(
                        "breaker.profiles.orders-db.health-check.indicator", "db")))
                .satisfies(ex -> {
                    assertThat(ex.getMessage()).startsWith("breaker.profiles.orders-db.health-check.indicator is 'db',"
                            + " but the application has no Spring Boot health contributors to check");
                    assertThat(ex.action()).contains("breaker.profiles.orders-db.health-check.url");
                });
    }

    private void start(URI url, int threshold) {
        checks = new HealthChecks(registry, name -> HealthCheckSettings.url("breaker.instances." + name
                + ".health-check.url", url).withTimings(INTERVAL, HealthCheckSettings.DEFAULT_TIMEOUT, threshold),
                new HealthProbes(null), List.of());
        checks.start();
    }

    private HealthCheckStatus status() {
        return checks.status("payments").orElseThrow();
    }

    private void firstCheck() {
        check(Duration.ZERO);
    }

    private void nextCheck() {
        check(INTERVAL);
    }

    private void check(Duration after) {
        long before = status().healthyChecks() + status().unhealthyChecks();
        clock.advance(after);
        await().atMost(BOUND).until(() -> status().healthyChecks() + status().unhealthyChecks() > before);
    }
}
