package dev.breaker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class CallNotPermittedExceptionHandlerTest {

    private final CallNotPermittedExceptionHandler handler = new CallNotPermittedExceptionHandler();

    @Test
    void answers503WithRetryAfterRoundedUpAndAProblemNamingTheBreaker() {
        ResponseEntity<ProblemDetail> response = handler.handle(
                new CallNotPermittedException("payment", BreakerState.OPEN, Duration.ofMillis(12_300)));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("13");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = response.getBody();
        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getDetail()).isEqualTo("Circuit breaker 'payment' is OPEN; retry after 12.3s");
        assertThat(problem.getProperties()).containsEntry("breaker", "payment").containsEntry("state", "OPEN")
                .containsEntry("retryAfterSeconds", 13L);
    }

    @Test
    void halfOpenSaysRetryInASecondAndForcedOpenGivesNoRetryAfter() {
        assertThat(handler.handle(new CallNotPermittedException("p", BreakerState.HALF_OPEN, Duration.ZERO))
                .getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(handler.handle(new CallNotPermittedException("p", BreakerState.FORCED_OPEN, Duration.ZERO))
                .getHeaders().containsHeader("Retry-After")).isFalse();
    }

    @Test
    void theProblemTypeNamesTheProblemWithoutAWebAddress() {
        ProblemDetail problem = handler.handle(
                new CallNotPermittedException("payment", BreakerState.OPEN, Duration.ofSeconds(1))).getBody();
        assertThat(problem.getType()).hasToString("urn:problem-type:breaker:circuit-open");
        assertThat(problem.getTitle()).isEqualTo("Circuit breaker open");
    }
}
