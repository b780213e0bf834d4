package dev.breaker.sample;

import org.junit.jupiter.api.Test;

/** While the search engine fails, the fallback serves the last good result of the query, marked stale. */
class SearchFallbackTest extends SampleHttpTest {

    @Test
    void servesTheLastGoodResultMarkedStaleOrAnEmptyDegradedOne() {
        http.get().uri("/api/search?q={q}", "rain boots").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.hits[0]").isEqualTo("rain boots result 1")
                .jsonPath("$.stale").isEqualTo(false)
                .jsonPath("$.degraded").isEqualTo(false)
                .jsonPath("$.fallback").isEmpty();

        putChaos("search", "{\"failureRate\":1.0}").expectStatus().isOk();

        http.get().uri("/api/search?q={q}", "rain boots").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.hits.length()").isEqualTo(3)
                .jsonPath("$.hits[0]").isEqualTo("rain boots result 1")
                .jsonPath("$.stale").isEqualTo(true)
                .jsonPath("$.degraded").isEqualTo(false)
                .jsonPath("$.fetchedAt").isNotEmpty()
                .jsonPath("$.fallback").isEqualTo("FAILED");
        http.get().uri("/api/search?q={q}", "never searched").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.hits").isEmpty()
                .jsonPath("$.stale").isEqualTo(false)
                .jsonPath("$.degraded").isEqualTo(true)
                .jsonPath("$.fetchedAt").isEmpty();
    }
}
