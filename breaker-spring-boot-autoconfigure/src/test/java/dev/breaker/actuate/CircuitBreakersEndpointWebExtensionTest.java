package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.definition.BreakerDefinition;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** The endpoint's HTTP answers, without a context: views, and 404 and 400 as RFC 9457 problems. */
class CircuitBreakersEndpointWebExtensionTest {

    private final BreakerRegistry registry = BreakerRegistry.builder().build();
    private final CircuitBreakersEndpoint endpoint = new CircuitBreakersEndpoint(registry,
            name -> new BreakerDefinition(name, null, BreakerConfig.defaults(), true));
    private final CircuitBreakersEndpointWebExtension web = new CircuitBreakersEndpointWebExtension(endpoint);

    private static ProblemDetail problem(WebEndpointResponse<?> response, int status) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).isInstanceOf(ProblemDetail.class);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType()).isEqualTo(URI.create("about:blank"));
        assertThat(problem.getStatus()).isEqualTo(status);
        return problem;
    }

    @Test
    void anUnknownNameIsANotFoundProblemAndNoBreakerIsCreated() {
        ProblemDetail read = problem(web.circuitBreaker("ghost"), 404);
        assertThat(read.getTitle()).isEqualTo("Not Found");
        assertThat(read.getDetail()).isEqualTo("No circuit breaker named 'ghost'");
        ProblemDetail write = problem(web.transition("ghost", "FORCED_OPEN"), 404);
        assertThat(write.getDetail()).isEqualTo("No circuit breaker named 'ghost'");
        assertThat(registry.find("ghost")).isEmpty();
        assertThat(registry.breakers()).isEmpty();
    }

    @Test
    void anUnknownNameIsNotFoundWhateverTheState() {
        problem(web.transition("ghost", "sideways"), 404);
        assertThat(registry.find("ghost")).isEmpty();
    }

    @Test
    void aStateAnOperatorCannotSetIsABadRequestProblemNamingTheAcceptedOnes() {
        registry.breaker("payment");
        ProblemDetail problem = problem(web.transition("payment", "METRICS_ONLY"), 400);
        assertThat(problem.getTitle()).isEqualTo("Bad Request");
        assertThat(problem.getDetail())
                .isEqualTo("state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'METRICS_ONLY'");
        assertThat(problem(web.transition("payment", null), 400).getDetail()).endsWith("but was nothing");
        assertThat(registry.breaker("payment").transitions()).isEmpty();
    }

    @Test
    void aKnownBreakerAnswersItsViewWithTheNegotiatedContentType() {
        registry.breaker("payment");
        WebEndpointResponse<Object> read = web.circuitBreaker("payment");
        assertThat(read.getStatus()).isEqualTo(200);
        assertThat(read.getContentType()).isNull();
        assertThat(read.getBody()).isInstanceOfSatisfying(BreakerDetailsDescriptor.class,
                view -> assertThat(view.summary().state()).isEqualTo(BreakerState.CLOSED));
        WebEndpointResponse<Object> write = web.transition("payment", "FORCED_OPEN");
        assertThat(write.getStatus()).isEqualTo(200);
        assertThat(write.getBody()).isInstanceOfSatisfying(BreakerDetailsDescriptor.class,
                view -> assertThat(view.summary().state()).isEqualTo(BreakerState.FORCED_OPEN));
    }

    @Test
    void theEndpointItselfKnowsNoHttp() {
        registry.breaker("payment");
        assertThat(endpoint.circuitBreaker("ghost")).isNull();
        assertThat(endpoint.transition("ghost", "CLOSED")).isNull();
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.transition("payment", "METRICS_ONLY"))
                .satisfies(ex -> assertThat(ex.getReason())
                        .isEqualTo("state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'METRICS_ONLY'"));
        assertThat(registry.find("ghost")).isEmpty();
        assertThat(registry.breaker("payment").state()).isEqualTo(BreakerState.CLOSED);
    }
}
