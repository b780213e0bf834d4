package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paths that Tomcat refuses before any servlet code runs: on the endpoint's paths they answer the endpoint's
 * problem+json, everywhere else Tomcat's page as before. A request line Tomcat cannot read at all (too long, or
 * holding a character a request target may not) has no path to go by and keeps Tomcat's page; a long name that
 * does reach the endpoint is its 404 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = EndpointPathTricksHttpTest.App.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers",
                // Tomcat logs its first unreadable request line at INFO with a stack trace; these are on purpose.
                "logging.level.org.apache.coyote.http11.Http11Processor=warn"})
class EndpointPathTricksHttpTest {

    static final String REFUSED = "The server refused the request before it reached the endpoint: a path must not"
            + " hold an encoded '/' or '\\', %00, a malformed %-escape or bytes that are not UTF-8";

    private static final JsonMapper JSON = new JsonMapper();

    @LocalServerPort
    int port;

    @Autowired
    BreakerRegistry registry;

    static Map<String, Object> problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return JSON.readValue(answer.body(), Map.class);
    }

    static void assertRefused(RawHttp.Answer answer, String instance) {
        assertThat(problem(answer, 400)).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank",
                "title", "Bad Request", "status", 400, "detail", REFUSED, "instance", instance));
    }

    static void assertTomcatsPage(RawHttp.Answer answer) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).contains("HTTP Status 400");
    }

    @Test
    void pathsTomcatRefusesOnTheEndpointAreBadRequestProblems() throws Exception {
        registry.breaker("payment");
        for (String trick : new String[] {"..%2fhealth", "..%2F..%2Fenv", "%00", "a%5cb", "%zz", "%ff%fe",
                "payment%2f..%2f..%2fhealth"}) {
            String path = "/actuator/circuitbreakers/" + trick;
            assertRefused(RawHttp.get(port, path), path);
        }
    }

    @Test
    void aRequestLineTomcatCannotReadKeepsTomcatsPage() throws Exception {
        assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/" + "x".repeat(10_000)));
        assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/a\\b"));
        assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/a{b}"));
        assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/\u00e9"));
    }

    @Test
    void pathsOutsideTheEndpointKeepTomcatsPage() throws Exception {
        assertTomcatsPage(RawHttp.get(port, "/api/%00"));
        assertTomcatsPage(RawHttp.get(port, "/actuator/health/..%2fenv"));
        assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakersx/%00"));
    }

    @Test
    void whatReachesTheEndpointKeepsItsAnswers() throws Exception {
        registry.breaker("payment");
        assertThat(RawHttp.get(port, "/actuator/circuitbreakers/payment").status()).isEqualTo(200);
        assertThat(problem(RawHttp.get(port, "/actuator/circuitbreakers/%0a"), 404))
                .containsEntry("detail", "No circuit breaker named '\n'");
        // Spring MVC matches the path as sent, dot segments included: two segments below the endpoint are a breaker
        // and a part of it (only its recording exists).
        assertThat(problem(RawHttp.get(port, "/actuator/circuitbreakers/../health"), 404))
                .containsEntry("detail", "A circuit breaker has no 'health': the only path below one is its recording");
        // Tomcat resolves the dot segments: /actuator/health, which this application does not expose.
        RawHttp.Answer outside = RawHttp.get(port, "/actuator/circuitbreakers/../../actuator/health");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.contentType()).startsWith("application/json");
    }

    /**
     * With room for a longer request line, and {@code {} allowed in paths, more requests reach a point where the
     * application can answer; under a context path and a {@code DispatcherServlet} prefix, the endpoint's paths
     * are found all the same.
     */
    @Nested
    @TestPropertySource(properties = {"server.max-http-request-header-size=64KB",
            "server.tomcat.relaxed-path-chars={,}", "server.servlet.context-path=/app", "spring.mvc.servlet.path=/mvc"})
    class WithARelaxedRequestLineUnderAContextPath {

        private static final String ENDPOINT = "/app/mvc/actuator/circuitbreakers";

        @LocalServerPort
        int port;

        @Test
        void aLongNameIsTheEndpointsNotFoundProblem() throws Exception {
            String name = "x".repeat(10_000);
            assertThat(problem(RawHttp.get(port, ENDPOINT + "/" + name), 404))
                    .containsEntry("title", "Not Found")
                    .containsEntry("detail", "No circuit breaker named '" + "x".repeat(100) + "...' (10000 characters)")
                    .containsEntry("instance", ENDPOINT + "/" + name);
        }

        @Test
        void refusedPathsAreProblemsWhoseInstanceIsAUriReference() throws Exception {
            assertRefused(RawHttp.get(port, ENDPOINT + "/..%2fhealth"), ENDPOINT + "/..%2fhealth");
            assertRefused(RawHttp.get(port, ENDPOINT + "/a{b}%00"), ENDPOINT + "/a%7Bb%7D%00");
            assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/%00"));
            assertTomcatsPage(RawHttp.get(port, "/app/actuator/circuitbreakers/%00"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
