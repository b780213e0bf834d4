package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.Guard;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.BreakerMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The payment breaker's layers from application.yml: a 1.2s timeout below the client's 1.5s read timeout, a
 * bulkhead of 10, and 3 attempts with exponential backoff and jitter, in front of the queueing fallback.
 */
class PaymentLayersTest extends SampleHttpTest {

    @Autowired
    BreakerRegistry breakers;

    @Autowired
    GuardRegistry layers;

    @Test
    void theEndpointShowsThePaymentLayers() {
        http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.layers.timeout.duration").isEqualTo("PT1.2S")
                .jsonPath("$.layers.bulkhead.maxConcurrentCalls").isEqualTo(10)
                .jsonPath("$.layers.bulkhead.maxWaitDuration").isEqualTo("PT0S")
                .jsonPath("$.layers.retry.maxAttempts").isEqualTo(3)
                .jsonPath("$.layers.retry.backoff").isEqualTo("exponential")
                .jsonPath("$.layers.retry.jitter").isEqualTo(0.5)
                .jsonPath("$.layers.retry.waitDuration").isEqualTo("PT0.01S") // the test profile's
                .jsonPath("$.config.slowCallDurationThreshold").isEqualTo("PT1S")
                .jsonPath("$.config.failureRateThreshold").isEqualTo(20.0);
        http.get().uri("/actuator/circuitbreakers/search").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.layers.timeout").isEmpty()
                .jsonPath("$.layers.retry").isEmpty();
    }

    @Test
    void aGatewaySlowerThanTheTimeoutIsRetriedThenTheFallbackQueuesThePayment() {
        Guard payment = layers.guard("payment");
        long timeoutsBefore = payment.timeout().timeouts();
        long failedBefore = payment.retry().failedCalls();
        // Slower than the 1.2s timeout, faster than the 1.5s read timeout: only the timeout can end the call.
        putChaos("payment", "{\"latencyMs\":1400}").expectStatus().isOk();

        http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"slow-1\",\"amount\":25.00}").exchange()
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.status").isEqualTo("queued")
                .jsonPath("$.fallback").isEqualTo("FAILED")
                .jsonPath("$.reason").isEqualTo("Call through circuit breaker 'payment' did not finish within 1.200s");

        assertThat(payment.timeout().timeouts() - timeoutsBefore).as("one per attempt").isEqualTo(3);
        assertThat(payment.retry().failedCalls() - failedBefore).as("one call, failed").isEqualTo(1);
        BreakerMetrics metrics = breakers.find("payment").orElseThrow().metrics();
        assertThat(metrics.failedCalls()).isEqualTo(3);
        assertThat(metrics.slowCalls()).as("timed-out calls are slow calls too").isEqualTo(3);
        assertThat(payment.bulkhead().availableCalls()).isEqualTo(10);
    }
}
