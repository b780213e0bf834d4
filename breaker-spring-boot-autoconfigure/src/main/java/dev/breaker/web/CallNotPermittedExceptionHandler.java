package dev.breaker.web;

import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link CallNotPermittedException} that escapes a handler with 503, a {@code Retry-After}
 * header (whole seconds, rounded up; none while FORCED_OPEN, whose end nobody knows) and an RFC 9457
 * problem detail naming the breaker. Ordered last: an application's own handler for it, local to a
 * controller or in an advice (even a catch-all one), wins.
 */
@RestControllerAdvice
public class CallNotPermittedExceptionHandler implements Ordered {

    /**
     * Names the problem without pointing at a web address: the project owns no domain that could serve a page for
     * it (RFC 9457 lets a type be a URN; clients compare it, they need not dereference it).
     */
    static final URI TYPE = URI.create("urn:problem-type:breaker:circuit-open");

    @ExceptionHandler(CallNotPermittedException.class)
    public ResponseEntity<ProblemDetail> handle(CallNotPermittedException rejected) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, rejected.getMessage());
        problem.setType(TYPE);
        problem.setTitle("Circuit breaker open");
        problem.setProperty("breaker", rejected.breakerName());
        problem.setProperty("state", rejected.state().name());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (rejected.state() != BreakerState.FORCED_OPEN) {
            long millis = rejected.retryAfter().toMillis();
            long seconds = Math.max(1, (millis + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problem.setProperty("retryAfterSeconds", seconds);
        }
        return response.body(problem);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
