package dev.breaker.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerState;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import dev.breaker.cloud.BreakerReactiveCircuitBreakerFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What a route without a fallbackUri answers, for each way a call through the breaker can end. */
class BreakerCircuitBreakerFilterFactoryTest {

    private final BreakerCircuitBreakerFilterFactory factory = new BreakerCircuitBreakerFilterFactory(
            new BreakerReactiveCircuitBreakerFactory(() -> {
                throw new AssertionError("no breaker needed");
            }), new DefaultListableBeanFactory().getBeanProvider(DispatcherHandler.class));

    private static ResponseStatusException answer(Mono<Void> handled) {
        ResponseStatusException[] seen = new ResponseStatusException[1];
        StepVerifier.create(handled)
                .expectErrorSatisfies(error -> seen[0] = (ResponseStatusException) error).verify(Duration.ofSeconds(5));
        return seen[0];
    }

    @Test
    void aRejectionIs503WithRetryAfterInWholeSecondsRoundedUp() {
        CallNotPermittedException rejected = new CallNotPermittedException("orders", BreakerState.OPEN,
                Duration.ofMillis(1_500));
        ResponseStatusException answer = answer(factory.handleErrorWithoutFallback(rejected, false));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer).hasCause(rejected);

        CallNotPermittedException almostOver = new CallNotPermittedException("orders", BreakerState.OPEN,
                Duration.ofMillis(10));
        assertThat(answer(factory.handleErrorWithoutFallback(almostOver, false)).getHeaders()
                .getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void aForcedOpenBreakerPromisesNoRetryAfter() {
        CallNotPermittedException rejected = new CallNotPermittedException("orders", BreakerState.FORCED_OPEN,
                Duration.ZERO);
        ResponseStatusException answer = answer(factory.handleErrorWithoutFallback(rejected, false));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    @Test
    void aFullBulkheadIs503AndATimeoutIs504EvenWhenResumingWithoutError() {
        assertThat(answer(factory.handleErrorWithoutFallback(
                new BulkheadFullException("orders", 2, Duration.ZERO), true)).getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer(factory.handleErrorWithoutFallback(
                new CallTimeoutException("orders", Duration.ofSeconds(1)), true)).getStatusCode())
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(answer(factory.handleErrorWithoutFallback(new CallNotPermittedException("orders",
                BreakerState.OPEN, Duration.ofSeconds(1)), true)).getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aListedStatusKeepsItsStatusOrPassesTheResponseWhenResumingWithoutError() {
        Throwable status = factory.new CircuitBreakerStatusCodeException(HttpStatus.BAD_GATEWAY);
        assertThat(answer(factory.handleErrorWithoutFallback(status, false)).getStatusCode())
                .isEqualTo(HttpStatus.BAD_GATEWAY);
        StepVerifier.create(factory.handleErrorWithoutFallback(status, true)).verifyComplete();
    }

    @Test
    void anyOtherErrorGoesToGatewaysErrorHandlingUnlessResumingWithoutError() {
        IllegalStateException failure = new IllegalStateException("connection refused");
        StepVerifier.create(factory.handleErrorWithoutFallback(failure, false)).expectErrorMatches(e -> e == failure)
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(factory.handleErrorWithoutFallback(failure, true)).verifyComplete();
    }
}
