package dev.breaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The problem the valve writes for what Tomcat refuses; over a real Tomcat in {@code EndpointPathTricksHttpTest}. */
class CircuitBreakersEndpointErrorReportValveTest {

    private static final JsonMapper JSON = new JsonMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void aRefusedRequestIsABadRequestProblemOfTheEndpointsShape() {
        Map<String, Object> problem = read(CircuitBreakersEndpointErrorReportValve.problem(400,
                "/actuator/circuitbreakers/..%2fhealth"));
        assertThat(problem).containsExactlyInAnyOrderEntriesOf(Map.of("type", "about:blank", "title", "Bad Request",
                "status", 400, "detail", CircuitBreakersEndpointErrorReportValve.BAD_REQUEST,
                "instance", "/actuator/circuitbreakers/..%2fhealth"));
    }

    @Test
    void otherStatusesSayWhoAnswered() {
        assertThat(read(CircuitBreakersEndpointErrorReportValve.problem(505, "/x")))
                .containsEntry("title", "HTTP Version not supported")
                .containsEntry("detail", "The server failed before the endpoint could answer");
        assertThat(read(CircuitBreakersEndpointErrorReportValve.problem(499, "/x")))
                .containsEntry("title", "Error")
                .containsEntry("detail", "The server refused the request before it reached the endpoint");
    }

    @Test
    void theInstanceIsAUriReferenceWhateverThePathHeld() {
        assertThat(CircuitBreakersEndpointErrorReportValve.uriReference("/a/b-c_d.e~f!$&'()*+,;=:@%2f"))
                .isEqualTo("/a/b-c_d.e~f!$&'()*+,;=:@%2f");
        assertThat(CircuitBreakersEndpointErrorReportValve.uriReference("/a\\b{c} \"d\"\u00e9"))
                .isEqualTo("/a%5Cb%7Bc%7D%20%22d%22%E9");
    }
}
