package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.annotation.CircuitBreaker;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The layers as operators see them over HTTP: Prometheus series names and the endpoint's {@code layers}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = LayersHttpTest.App.class,
        properties = {
                "management.endpoints.web.exposure.include=circuitbreakers,prometheus",
                "breaker.profiles.gateway.timeout=5s",
                "breaker.profiles.gateway.max-concurrent-calls=2",
                "breaker.profiles.gateway.retry.max-attempts=3",
                "breaker.profiles.gateway.retry.wait-duration=0",
                "breaker.profiles.gateway.retry.backoff=exponential"})
@AutoConfigureRestTestClient
class LayersHttpTest {

    @Autowired
    RestTestClient http;

    @Autowired
    Gateway gateway;

    @Test
    void prometheusShowsTheLayerSeriesAndTheEndpointShowsTheLayers() throws IOException {
        assertThat(gateway.charge()).isEqualTo("charged after 2 attempts");

        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape)
                .contains("circuit_breaker_bulkhead_available_calls{name=\"gateway\"} 2.0")
                .contains("circuit_breaker_bulkhead_rejected_calls_total{name=\"gateway\"} 0.0")
                .contains("circuit_breaker_timeouts_total{name=\"gateway\"} 0.0")
                .contains("circuit_breaker_retry_calls_total{name=\"gateway\",result=\"success_with_retry\"} 1.0")
                .contains("circuit_breaker_retry_calls_total{name=\"gateway\",result=\"success_without_retry\"} 0.0")
                .contains("circuit_breaker_retry_calls_total{name=\"gateway\",result=\"failure\"} 0.0")
                .contains("circuit_breaker_calls_total{name=\"gateway\",result=\"failure\"} 1.0")
                .contains("# HELP circuit_breaker_bulkhead_available_calls ");

        http.get().uri("/actuator/circuitbreakers/gateway").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("CLOSED")
                .jsonPath("$.config.slowCallDurationThreshold").isEqualTo("PT5S")
                .jsonPath("$.layers.timeout.duration").isEqualTo("PT5S")
                .jsonPath("$.layers.timeout.timeouts").isEqualTo(0)
                .jsonPath("$.layers.bulkhead.maxConcurrentCalls").isEqualTo(2)
                .jsonPath("$.layers.bulkhead.availableCalls").isEqualTo(2)
                .jsonPath("$.layers.bulkhead.rejectedCalls").isEqualTo(0)
                .jsonPath("$.layers.retry.maxAttempts").isEqualTo(3)
                .jsonPath("$.layers.retry.backoff").isEqualTo("exponential")
                .jsonPath("$.layers.retry.successfulCallsWithRetry").isEqualTo(1);
        http.get().uri("/actuator/circuitbreakers/plain").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.layers").isMap()
                .jsonPath("$.layers.timeout").isEmpty()
                .jsonPath("$.layers.bulkhead").isEmpty()
                .jsonPath("$.layers.retry").isEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Gateway gateway() {
            return new Gateway();
        }
    }

    static class Gateway {

        private final AtomicInteger attempts = new AtomicInteger();

        @CircuitBreaker(name = "gateway")
        public String charge() throws IOException {
            if (attempts.incrementAndGet() < 2) {
                throw new IOException("refused");
            }
            return "charged after " + attempts + " attempts";
        }

        @CircuitBreaker(name = "plain")
        public String plain() {
            return "plain";
        }
    }
}
