package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.sample.traffic.TrafficSummary;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Analytics is best effort: its breaker opening drops events, counted, and leaves the health UP. */
class AnalyticsBreakerTest extends SampleHttpTest {

    @Test
    void anOpenAnalyticsBreakerDropsAndCountsEventsAndKeepsHealthUp() {
        postEvent().expectStatus().isAccepted().expectBody().jsonPath("$.status").isEqualTo("recorded");

        putChaos("analytics", "{\"failureRate\":1.0}").expectStatus().isOk();
        await().atMost(PATIENCE).untilAsserted(() -> {
            TrafficSummary summary = drive("analytics", 4);
            assertThat(summary.fallback() + summary.rejected()).isEqualTo(4);
            assertBreakerState("analytics", "OPEN");
        });

        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.circuitBreakers.details.analytics.state").isEqualTo("OPEN")
                .jsonPath("$.components.circuitBreakers.details.analytics.affectsHealth").isEqualTo(false);
        postEvent().expectStatus().isAccepted().expectBody()
                .jsonPath("$.status").isEqualTo("dropped")
                .jsonPath("$.fallback").isEqualTo("REJECTED")
                .jsonPath("$.droppedTotal")
                .value(Number.class, total -> assertThat(total.longValue()).isGreaterThanOrEqualTo(5));
        http.get().uri("/actuator/metrics/sample.analytics.events.dropped").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[0].value")
                .value(Number.class, count -> assertThat(count.doubleValue()).isGreaterThanOrEqualTo(5));
    }

    private RestTestClient.ResponseSpec postEvent() {
        return http.post().uri("/api/analytics/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"checkout.viewed\",\"properties\":{\"page\":\"/cart\"}}").exchange();
    }
}
