package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * On a separate management port (a child context with its own DispatcherServlet and its own Tomcat, here under a
 * base path), a write's body is held to the documented one and the paths Tomcat refuses on the endpoint are
 * problems, just as on the main port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ManagementPortStrictnessHttpTest.App.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers", "management.server.port=0",
                "management.endpoint.circuitbreakers.access=unrestricted", "management.server.base-path=/manage",
                "logging.level.org.apache.coyote.http11.Http11Processor=warn"})
class ManagementPortStrictnessHttpTest {

    /** The start of the answer to a body with a key a write does not take. */
    private static final String ONLY_STATE_AND_SETTINGS = "The request body may hold only 'state' and 'settings', such as"
            + " {\"state\":\"FORCED_OPEN\"} or {\"settings\":{\"failure-rate-threshold\":20}}, but holds ";

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int port;

    @Autowired
    BreakerRegistry registry;

    private RestTestClient.ResponseSpec write(String body) {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .post().uri("/manage/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange();
    }

    private static void assertBadRequest(RestTestClient.ResponseSpec response, String detail) {
        EndpointProblems.assertBadRequest(response, detail, "/manage/actuator/circuitbreakers/payment");
    }

    @Test
    void aKeyNamedTwiceOrAnyOtherKeyIsABadRequestAndChangesNothing() {
        Breaker payment = registry.breaker("payment");
        assertBadRequest(write("{\"state\":\"CLOSED\",\"state\":\"FORCED_OPEN\"}"),
                "The request body names 'state' more than once: send it once, such as {\"state\":\"FORCED_OPEN\"}");
        assertBadRequest(write("{\"state\":\"FORCED_OPEN\",\"foo\":1}"),
                ONLY_STATE_AND_SETTINGS + "'foo'");
        assertBadRequest(write("{\"state\":\"forced_open\"}"),
                "state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'forced_open'");
        assertThat(payment.transitions()).isEmpty();
        write("{\"state\":\"FORCED_OPEN\"}").expectStatus().isOk();
        assertThat(payment.transitions()).hasSize(1);
    }

    @Test
    void pathsTomcatRefusesOnTheEndpointAreBadRequestProblemsThere() throws Exception {
        for (String trick : new String[] {"..%2fhealth", "%00"}) {
            String path = "/manage/actuator/circuitbreakers/" + trick;
            assertThat(EndpointPathTricksHttpTest.problem(RawHttp.get(managementPort, path), 400))
                    .containsEntry("detail", EndpointPathTricksHttpTest.REFUSED)
                    .containsEntry("instance", path);
        }
        EndpointPathTricksHttpTest.assertTomcatsPage(RawHttp.get(managementPort, "/manage/actuator/health/%00"));
        // The application's port serves no endpoint: Tomcat's page there.
        EndpointPathTricksHttpTest.assertTomcatsPage(RawHttp.get(port, "/manage/actuator/circuitbreakers/%00"));
        EndpointPathTricksHttpTest.assertTomcatsPage(RawHttp.get(port, "/actuator/circuitbreakers/%00"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
