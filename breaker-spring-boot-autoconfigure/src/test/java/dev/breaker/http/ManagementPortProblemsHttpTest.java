package dev.breaker.http;

import dev.breaker.BreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * On a separate management port the actuator runs in a child context with its own DispatcherServlet; the
 * endpoint's errors are the same problems there. Read-only by default: a write is a 405 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ManagementPortProblemsHttpTest.App.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers", "management.server.port=0"})
class ManagementPortProblemsHttpTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    BreakerRegistry registry;

    private RestTestClient management() {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
    }

    @Test
    void aWriteToTheReadOnlyEndpointIsAMethodNotAllowedProblem() {
        registry.breaker("payment");
        management().post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("about:blank")
                .jsonPath("$.title").isEqualTo("Method Not Allowed")
                .jsonPath("$.status").isEqualTo(405)
                .jsonPath("$.detail").isEqualTo("Method 'POST' is not supported.")
                .jsonPath("$.instance").isEqualTo("/actuator/circuitbreakers/payment");
    }

    @Test
    void anUnknownNameIsANotFoundProblem() {
        management().get().uri("/actuator/circuitbreakers/ghost").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("about:blank")
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.detail").isEqualTo("No circuit breaker named 'ghost'")
                .jsonPath("$.instance").isEqualTo("/actuator/circuitbreakers/ghost");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
