package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.sample.downstream.Chaos;
import dev.breaker.sample.downstream.Downstream;
import dev.breaker.sample.traffic.TrafficSummary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Inventory has no annotation: its breaker comes from {@code breaker.http} alone, mapped by host and path prefix
 * (with no port, so the test's random one matches). Open, it answers the starter's 503 and spares the service.
 */
class InventoryHostBreakerTest extends SampleHttpTest {

    @Autowired
    private Chaos chaos;

    @Autowired
    private BreakerRegistry breakers;

    @Test
    void openInventoryBreakerAnswers503WithRetryAfterWithoutCallingTheInventoryService() {
        http.get().uri("/api/inventory/BOOT-42").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.sku").isEqualTo("BOOT-42")
                .jsonPath("$.available").isNumber();

        // Failing, with the breaker still closed: the service's 500 reaches the caller as a 502, no fallback.
        putChaos("inventory", "{\"failureRate\":1.0}").expectStatus().isOk();
        http.get().uri("/api/inventory/BOOT-42").exchange().expectStatus().isEqualTo(502).expectBody()
                .jsonPath("$.detail").isEqualTo("The inventory service answered 500");
        await().atMost(PATIENCE).untilAsserted(() -> {
            TrafficSummary summary = drive("inventory", 4);
            assertThat(summary.normal()).isZero();
            assertThat(summary.fallback()).isZero();
            assertThat(summary.errors() + summary.rejected()).isEqualTo(4);
            assertBreakerState("inventory", "OPEN");
        });

        long served = chaos.calls(Downstream.INVENTORY);
        long rejected = inventoryBreaker().metrics().notPermittedCallsTotal();
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/inventory/BOOT-42").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().value("Retry-After",
                            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 10L))
                    .expectBody()
                    .jsonPath("$.breaker").isEqualTo("inventory")
                    .jsonPath("$.state").isEqualTo("OPEN");
        }
        TrafficSummary whileOpen = drive("inventory", 4);
        assertThat(whileOpen.rejected()).isEqualTo(4);
        assertThat(whileOpen.breakerState()).isEqualTo(BreakerState.OPEN);

        assertThat(chaos.calls(Downstream.INVENTORY)).isEqualTo(served);
        http.get().uri("/actuator/circuitbreakers/inventory").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("OPEN")
                .jsonPath("$.profile").isEqualTo("inventory")
                .jsonPath("$.notPermittedCalls").value(Number.class,
                        count -> assertThat(count.longValue()).isEqualTo(rejected + 3 + 4));
    }

    @Test
    void paymentAndSearchKeepWorkingAndGetNoHostBreakerWhileInventoryIsOpen() {
        putChaos("inventory", "{\"failureRate\":1.0}").expectStatus().isOk();
        await().atMost(PATIENCE).untilAsserted(() -> {
            drive("inventory", 4);
            assertBreakerState("inventory", "OPEN");
        });

        http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"o-inv\",\"amount\":25.00}").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("paid")
                .jsonPath("$.fallback").isEmpty();
        http.get().uri("/api/search?q={q}", "stock").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.stale").isEqualTo(false)
                .jsonPath("$.fallback").isEmpty();
        assertBreakerState("payment", "CLOSED");
        assertBreakerState("search", "CLOSED");
        // The annotated services' client goes without the host breakers: no http:localhost:<port> breaker.
        assertThat(breakers.breakers()).extracting(Breaker::name).noneMatch(name -> name.startsWith("http:"));
    }

    private Breaker inventoryBreaker() {
        return breakers.find("inventory").orElseThrow();
    }
}
