package dev.breaker.http;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The problem documents the circuitbreakers endpoint answers with, as HTTP tests check them. */
final class EndpointProblems {

    private EndpointProblems() {
    }

    /** A 400 problem of the endpoint's shape, exactly its five fields, for a request to {@code instance}. */
    static void assertBadRequest(RestTestClient.ResponseSpec response, String detail, String instance) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("about:blank")
                .jsonPath("$.title").isEqualTo("Bad Request")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.instance").isEqualTo(instance)
                .jsonPath("$.length()").isEqualTo(5);
    }

    /** A 404 problem of the endpoint's shape, exactly its five fields, for a request to {@code instance}. */
    static void assertNotFound(RestTestClient.ResponseSpec response, String detail, String instance) {
        response.expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("about:blank")
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.instance").isEqualTo(instance)
                .jsonPath("$.length()").isEqualTo(5);
    }
}
