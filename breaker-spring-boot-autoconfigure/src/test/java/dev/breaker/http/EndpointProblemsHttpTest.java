package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error {@code /actuator/circuitbreakers} answers over HTTP is an RFC 9457 {@code application/problem+json}
 * document of the same shape, whether the endpoint or Spring MVC raised it; the application's own errors keep
 * their format.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = EchoApp.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers",
                "management.endpoint.circuitbreakers.access=unrestricted"})
@AutoConfigureRestTestClient
class EndpointProblemsHttpTest {

    @Autowired
    RestTestClient http;

    @Autowired
    BreakerRegistry registry;

    private static void assertProblem(RestTestClient.ResponseSpec response, int status, String title, String detail,
            String instance) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("about:blank")
                .jsonPath("$.title").isEqualTo(title)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.instance").isEqualTo(instance)
                .jsonPath("$.length()").isEqualTo(5);
    }

    @Test
    void anUnknownNameIsANotFoundProblemAndCreatesNoBreaker() {
        assertProblem(http.get().uri("/actuator/circuitbreakers/ghost").exchange(), 404, "Not Found",
                "No circuit breaker named 'ghost'", "/actuator/circuitbreakers/ghost");
        assertProblem(http.post().uri("/actuator/circuitbreakers/ghost").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange(), 404, "Not Found",
                "No circuit breaker named 'ghost'", "/actuator/circuitbreakers/ghost");
        assertThat(registry.find("ghost")).isEmpty();
    }

    @Test
    void aBadStateIsABadRequestProblemNamingTheAcceptedStates() {
        registry.breaker("payment");
        assertProblem(http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"METRICS_ONLY\"}").exchange(), 400, "Bad Request",
                "state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'METRICS_ONLY'",
                "/actuator/circuitbreakers/payment");
        assertThat(registry.breaker("payment").state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aMethodTheEndpointDoesNotTakeIsAMethodNotAllowedProblemWithAllow() {
        registry.breaker("payment");
        RestTestClient.ResponseSpec put = http.put().uri("/actuator/circuitbreakers/payment")
                .contentType(MediaType.APPLICATION_JSON).body("{\"state\":\"CLOSED\"}").exchange();
        put.expectHeader().value("Allow",
                allow -> assertThat(allow.split(", ")).containsExactlyInAnyOrder("GET", "POST"));
        assertProblem(put, 405, "Method Not Allowed", "Method 'PUT' is not supported.",
                "/actuator/circuitbreakers/payment");
        assertProblem(http.delete().uri("/actuator/circuitbreakers").exchange(), 405, "Method Not Allowed",
                "Method 'DELETE' is not supported.", "/actuator/circuitbreakers");
    }

    @Test
    void aMalformedBodyIsABadRequestProblemAndChangesNothing() {
        registry.breaker("payment");
        for (String body : new String[] {"{\"state\": ", "[\"FORCED_OPEN\"]", "FORCED_OPEN"}) {
            assertProblem(http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                    .body(body).exchange(), 400, "Bad Request",
                    "The request body must be a JSON object such as {\"state\":\"FORCED_OPEN\"}",
                    "/actuator/circuitbreakers/payment");
        }
        assertThat(registry.breaker("payment").transitions()).isEmpty();
    }

    @Test
    void successfulAnswersKeepTheActuatorsJson() {
        registry.breaker("payment");
        http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/vnd.spring-boot.actuator.v3+json")
                .expectBody().jsonPath("$.state").isEqualTo("CLOSED").jsonPath("$.bufferedCalls").isEqualTo(0);
    }

    @Test
    void theApplicationsOwnErrorsKeepTheirFormat() {
        http.post().uri("/api/echo").contentType(MediaType.APPLICATION_JSON).body("{\"state\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.path").isEqualTo("/api/echo").jsonPath("$.type").doesNotExist();
        http.put().uri("/api/echo").exchange().expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_JSON);
    }
}
