package dev.breaker.sample;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Chaos and traffic requests are checked: unknown services are 404 (chaos) or 400 (traffic), bad values 400. */
class InputValidationTest extends SampleHttpTest {

    @Test
    void chaosRejectsValuesOutOfRangeWithTheRangeAndKeepsTheSettings() {
        putChaos("payment", "{\"failureRate\":1.5}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("failureRate must be between 0 and 1, but was 1.5");
        putChaos("payment", "{\"failureRate\":-0.1}").expectStatus().isBadRequest();
        putChaos("payment", "{\"latencyMs\":-1}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("latencyMs must be between 0 and 60000, but was -1");
        putChaos("payment", "{\"latencyMs\":60001}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("latencyMs must be between 0 and 60000, but was 60001");
        putChaos("payment", "{\"latencyMs\":1e30}").expectStatus().isBadRequest();
        putChaos("payment", "{\"latencyMs\":2.5}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("latencyMs must be a whole number of milliseconds, but was 2.5");
        putChaos("payment", "{\"failureRate\":\"high\"}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("failureRate must be a number between 0 and 1, but was 'high'");
        putChaos("payment", "{\"failurerate\":0.5}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("Unknown field 'failurerate'; accepted: failureRate, latencyMs");
        putChaos("payment", "{\"failureRate\":").expectStatus().isBadRequest();

        http.get().uri("/chaos").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.payment.failureRate").isEqualTo(0.0)
                .jsonPath("$.payment.latencyMs").isEqualTo(0);
    }

    @Test
    void chaosAnswers404ForAnUnknownService() {
        putChaos("nope", "{\"failureRate\":0.5}").expectStatus().isNotFound().expectBody()
                .jsonPath("$.detail").isEqualTo("No downstream named 'nope'; known: payment, search, analytics, inventory");
        http.delete().uri("/chaos/nope").exchange().expectStatus().isNotFound();
    }

    @Test
    void chaosSettingsCanBeSetShownAndHealed() {
        putChaos("search", "{\"failureRate\":0.25,\"latencyMs\":10}").expectStatus().isOk().expectBody()
                .jsonPath("$.failureRate").isEqualTo(0.25)
                .jsonPath("$.latencyMs").isEqualTo(10);
        http.get().uri("/chaos").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.search.failureRate").isEqualTo(0.25)
                .jsonPath("$.payment.failureRate").isEqualTo(0.0);
        http.delete().uri("/chaos/search").exchange().expectStatus().isOk();
        http.get().uri("/chaos").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.search.failureRate").isEqualTo(0.0)
                .jsonPath("$.search.latencyMs").isEqualTo(0);
    }

    @Test
    void trafficRejectsAnUnknownServiceAndCallsOutOfRange() {
        http.post().uri("/traffic?service=nope&calls=5").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("service must be one of payment, search, analytics, inventory, but was 'nope'");
        http.post().uri("/traffic?service=payment&calls=0").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("calls must be between 1 and 1000, but was 0");
        http.post().uri("/traffic?service=payment&calls=1001").exchange().expectStatus().isBadRequest();
        http.post().uri("/traffic?calls=5").exchange().expectStatus().isBadRequest();
    }

    @Test
    void malformedSkusAreRejectedBeforeTheInventoryBreaker() {
        http.get().uri("/api/inventory/{sku}", "no spaces!").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("sku must have 1 to 64 letters, digits, '-' or '_'");
        http.get().uri("/actuator/circuitbreakers/inventory").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.bufferedCalls").isEqualTo(0);
    }

    @Test
    void badPaymentsAreRejectedBeforeTheBreaker() {
        http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"o-1\",\"amount\":-5}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("amount must be a positive number, but was -5");
        http.get().uri("/actuator/circuitbreakers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.circuitBreakers.payment.bufferedCalls").isEqualTo(0);
    }
}
