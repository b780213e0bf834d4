package dev.breaker.actuate;

import dev.breaker.tuning.Recording;
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
 * 400 for a state an operator cannot set or a bad setting; the errors as RFC 9457 {@code application/problem+json}
 * documents. The web stack fills in {@code instance} (Spring MVC: the request path). Over HTTP only, since it may be
 * large: {@code GET .../{name}/recording}, the breaker's recording as JSON lines.
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

    /** {@link #transition(String, String, String)} without settings. */
    public WebEndpointResponse<Object> transition(String name, @Nullable String state) {
        return transition(name, state, null);
    }

    @WriteOperation
    public WebEndpointResponse<Object> transition(@Selector String name, @Nullable String state,
            @Nullable String settings) {
        BreakerDetailsDescriptor view;
        try {
            view = endpoint.transition(name, state, settings);
        } catch (InvalidEndpointRequestException ex) {
            return answer(problem(HttpStatus.BAD_REQUEST, ex.getReason()));
        }
        return viewOrNotFound(name, view);
    }

    /**
     * The recording of the breaker named {@code name} as JSON lines ({@code application/x-ndjson}): a first line
     * with the breaker's name and settings, then one event a line, oldest first. 404 when there is no such breaker,
     * or it is not recorded, or {@code part} is not {@code recording}.
     */
    @ReadOperation(produces = RecordingExport.NDJSON)
    public WebEndpointResponse<Object> recording(@Selector String name, @Selector String part) {
        if (!"recording".equals(part) || !endpoint.exists(name)) {
            return answer(problem(HttpStatus.NOT_FOUND, "recording".equals(part)
                    ? "No circuit breaker named " + CircuitBreakersEndpoint.quoted(name)
                    : "A circuit breaker has no " + CircuitBreakersEndpoint.quoted(part) + ": the only path below"
                            + " one is its recording"));
        }
        Recording recording = endpoint.recording(name);
        if (recording == null) {
            return answer(problem(HttpStatus.NOT_FOUND, "Circuit breaker " + CircuitBreakersEndpoint.quoted(name)
                    + " is not recorded: set breaker.instances" + (name.matches("[a-z0-9-]+") ? "." + name
                            : "[" + name + "]") + ".recording.enabled=true (or recording.enabled in its profile)"
                    + " to record its calls"));
        }
        return new WebEndpointResponse<>(RecordingExport.of(recording, name), 200,
                MediaType.parseMediaType(RecordingExport.NDJSON));
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
