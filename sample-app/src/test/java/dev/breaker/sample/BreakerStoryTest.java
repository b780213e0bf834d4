package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.sample.traffic.TrafficSummary;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The "Try it" story (README, docs/sample-app.md), step by step over HTTP, for the payment breaker. */
class BreakerStoryTest extends SampleHttpTest {

    @Test
    void paymentBreakerOpensOnAFailingGatewayDegradesHealthAndClosesOnceTheGatewayIsBack() {
        // A healthy gateway: payments are made, everything is UP.
        pay("order-1").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("paid")
                .jsonPath("$.chargeId").isNotEmpty()
                .jsonPath("$.fallback").isEmpty();
        assertBreakerState("payment", "CLOSED");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");

        // The gateway fails every call; traffic fills the window and the breaker opens.
        putChaos("payment", "{\"failureRate\":1.0}").expectStatus().isOk();
        await().atMost(PATIENCE).untilAsserted(() -> {
            TrafficSummary summary = drive("payment", 4);
            assertThat(summary.normal()).isZero();
            assertBreakerState("payment", "OPEN");
        });

        // Payments are queued by the fallback, without touching the gateway.
        pay("order-2").expectStatus().isAccepted().expectBody()
                .jsonPath("$.status").isEqualTo("queued")
                .jsonPath("$.orderId").isEqualTo("order-2")
                .jsonPath("$.chargeId").isEmpty()
                .jsonPath("$.fallback").isNotEmpty();
        http.get().uri("/api/payments/queued").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.request.orderId == 'order-2')]").exists();

        // Operators see it: health 503 DEGRADED, the gauge at 1 (OPEN).
        http.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.circuitBreakers.details.payment.state").isEqualTo("OPEN");
        assertThat(prometheus()).contains("circuit_breaker_state{name=\"payment\"} 1.0");

        // The gateway recovers; after the open wait, trial calls go through and close the breaker.
        http.delete().uri("/chaos/payment").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.failureRate").isEqualTo(0.0);
        await().atMost(PATIENCE).untilAsserted(() -> {
            drive("payment", 4);
            assertBreakerState("payment", "CLOSED");
        });
        http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.transitions[0].from").isEqualTo("HALF_OPEN")
                .jsonPath("$.transitions[0].to").isEqualTo("CLOSED")
                .jsonPath("$.transitions[1].from").isEqualTo("OPEN")
                .jsonPath("$.transitions[1].to").isEqualTo("HALF_OPEN");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        assertThat(prometheus()).contains("circuit_breaker_state{name=\"payment\"} 0.0");
        pay("order-3").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("paid");
    }

    private RestTestClient.ResponseSpec pay(String orderId) {
        return http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"" + orderId + "\",\"amount\":25.00}").exchange();
    }
}
