package dev.breaker.actuate;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The HTTP answers of {@link CircuitBreakersEndpoint} for one breaker: its view, 404 for a name no breaker has,
 * 400 for a state an operator cannot set; the errors as RFC 9457 {@code application/problem+json} documents.
 * The web stack fills in {@code instance} (Spring MVC: the request path).
 */
@EndpointWebExtension(endpoint = CircuitBreakersEndpoint.class)
public class CircuitBreakersEndpointWebExtension {

    /**
     * The type of every problem the endpoint answers with: each means no more than its status code, and a type
     * naming a web address would have to stay served there.
     */
    public static final URI PROBLEM_TYPE = URI.create("about:blank");

    private final CircuitBreakersEndpoint endpoint;

    public CircuitBreakersEndpointWebExtension(CircuitBreakersEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @ReadOperation
    public WebEndpointResponse<Object> circuitBreaker(@Selector String name) {
        return viewOrNotFound(name, endpoint.circuitBreaker(name));
    }

    @WriteOperation
    public WebEndpointResponse<Object> transition(@Selector String name, @Nullable String state) {
        BreakerDetailsDescriptor view;
        try {
            view = endpoint.transition(name, state);
        } catch (InvalidEndpointRequestException ex) {
            return answer(problem(HttpStatus.BAD_REQUEST, ex.getReason()));
        }
        return viewOrNotFound(name, view);
    }

    /**
     * A problem as this endpoint writes it: {@link #PROBLEM_TYPE}, the status's reason phrase as {@code title},
     * and {@code detail} saying what was wrong and, where it helps, what to send instead.
     */
    public static ProblemDetail problem(HttpStatusCode status, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(PROBLEM_TYPE);
        return problem;
    }

    private static WebEndpointResponse<Object> viewOrNotFound(String name, @Nullable BreakerDetailsDescriptor view) {
        if (view == null) {
            return answer(problem(HttpStatus.NOT_FOUND,
                    "No circuit breaker named " + CircuitBreakersEndpoint.quoted(name)));
        }
        return new WebEndpointResponse<>(view);
    }

    private static WebEndpointResponse<Object> answer(ProblemDetail problem) {
        return new WebEndpointResponse<>(problem, problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON);
    }
}
