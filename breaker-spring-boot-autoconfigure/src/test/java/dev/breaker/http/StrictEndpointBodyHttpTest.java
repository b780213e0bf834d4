package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
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
 * A write takes exactly the documented body,
 * {@code {"state": "CLOSED" | "OPEN" | "HALF_OPEN" | "FORCED_OPEN" | "DISABLED"}}: a loose state, a key
 * named twice or any other key answers a 400 problem and changes nothing. The application's own request
 * bodies are read as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = EchoApp.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers",
                "management.endpoint.circuitbreakers.access=unrestricted"})
@AutoConfigureRestTestClient
class StrictEndpointBodyHttpTest {

    /** The start of the answer to a body with a key a write does not take. */
    private static final String ONLY_STATE_AND_SETTINGS = "The request body may hold only 'state' and 'settings', such as"
            + " {\"state\":\"FORCED_OPEN\"} or {\"settings\":{\"failure-rate-threshold\":20}}, but holds ";

    @Autowired
    RestTestClient http;

    @Autowired
    BreakerRegistry registry;

    private RestTestClient.ResponseSpec write(String breaker, String body) {
        return http.post().uri("/actuator/circuitbreakers/{name}", breaker).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange();
    }

    private static void assertBadRequest(RestTestClient.ResponseSpec response, String detail) {
        EndpointProblems.assertBadRequest(response, detail, "/actuator/circuitbreakers/payment");
    }

    /** The breaker {@code payment}, new: each test counts its own transitions. */
    private Breaker fresh() {
        registry.remove("payment");
        return registry.breaker("payment");
    }

    @Test
    void aStateNamedTwiceIsABadRequestNamingItAndChangesNothing() {
        Breaker payment = fresh();
        assertBadRequest(write("payment", "{\"state\":\"CLOSED\",\"state\":\"FORCED_OPEN\"}"),
                "The request body names 'state' more than once: send it once, such as {\"state\":\"FORCED_OPEN\"}");
        assertBadRequest(write("payment", "{\"state\":\"FORCED_OPEN\",\"state\":\"FORCED_OPEN\"}"),
                "The request body names 'state' more than once: send it once, such as {\"state\":\"FORCED_OPEN\"}");
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).isEmpty();
    }

    @Test
    void anyOtherKeyIsABadRequestNamingTheAcceptedOneAndChangesNothing() {
        Breaker payment = fresh();
        assertBadRequest(write("payment", "{\"state\":\"FORCED_OPEN\",\"foo\":1}"),
                ONLY_STATE_AND_SETTINGS + "'foo'");
        assertBadRequest(write("payment", "{\"name\":\"search\",\"state\":\"FORCED_OPEN\"}"),
                ONLY_STATE_AND_SETTINGS + "'name'");
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).isEmpty();
    }

    @Test
    void aLooseStateIsABadRequestAndChangesNothing() {
        Breaker payment = fresh();
        for (String loose : new String[] {"forced_open", "Closed", "disabled", "forced-open", " FORCED_OPEN",
                "DISABLED ", "open", "half-open"}) {
            assertBadRequest(write("payment", "{\"state\":\"" + loose + "\"}"),
                    "state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was '" + loose + "'");
        }
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).isEmpty();
    }

    @Test
    void theDocumentedBodyStillWrites() {
        Breaker payment = fresh();
        write("payment", "{ \"state\" : \"FORCED_OPEN\" }").expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("FORCED_OPEN");
        write("payment", "{\"state\":\"DISABLED\"}").expectStatus().isOk();
        write("payment", "{\"state\":\"CLOSED\"}").expectStatus().isOk();
        assertThat(payment.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(payment.transitions()).hasSize(3);
    }

    @Test
    void anOperatorOpensThenHalfOpensABreaker() {
        Breaker payment = fresh();
        write("payment", "{\"state\":\"OPEN\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("OPEN")
                .jsonPath("$.retryAfterSeconds").isNumber()
                .jsonPath("$.transitions[0].to").isEqualTo("OPEN");
        assertThat(payment.state()).isEqualTo(BreakerState.OPEN);
        write("payment", "{\"state\":\"HALF_OPEN\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("HALF_OPEN")
                .jsonPath("$.wouldBeState").isEqualTo("HALF_OPEN")
                .jsonPath("$.mode").isEqualTo("ENFORCE")
                .jsonPath("$.transitions[0].from").isEqualTo("OPEN")
                .jsonPath("$.transitions[0].to").isEqualTo("HALF_OPEN");
        assertThat(payment.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(payment.transitions()).hasSize(2);
    }

    @Test
    void twoObjectsInOneBodyAreABadRequest() {
        Breaker breaker = registry.breaker("inventory");
        write("inventory", "{\"state\":\"FORCED_OPEN\"}{\"state\":\"CLOSED\"}").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("The request body must be a JSON object such as {\"state\":\"FORCED_OPEN\"}");
        assertThat(breaker.transitions()).isEmpty();
    }

    @Test
    void theApplicationsOwnBodiesAreReadAsBefore() {
        http.post().uri("/api/echo").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"CLOSED\",\"state\":\"FORCED_OPEN\",\"foo\":\"1\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("FORCED_OPEN").jsonPath("$.foo").isEqualTo("1");
    }
}
