package dev.breaker.cloud.gateway;

import dev.breaker.BreakerState;
import dev.breaker.BulkheadFullException;
import dev.breaker.CallNotPermittedException;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} filter on Breaker. Gateway registers its own concrete filter only
 * when Resilience4j is present; this one does the same job for Breaker's {@code ReactiveCircuitBreakerFactory}:
 * {@code name} is the Breaker breaker's name, {@code fallbackUri} and {@code statusCodes} work as documented for
 * Gateway. Without a {@code fallbackUri}, what the route answers is decided here, as Resilience4j's filter does:
 * <ul>
 * <li>a rejection by an open breaker: 503 with {@code Retry-After} (whole seconds, rounded up; none while
 * FORCED_OPEN, whose end nobody knows), as the starter's Spring MVC handler answers;</li>
 * <li>a full bulkhead: 503;</li>
 * <li>a timeout ({@code CallTimeoutException} is a {@link TimeoutException}): 504;</li>
 * <li>with {@code resumeWithoutError}: the backend's own response, whatever the breaker recorded;</li>
 * <li>a status listed in {@code statusCodes}: that status (Resilience4j's filter lets it become a 500);</li>
 * <li>anything else: the error, to Gateway's error handling.</li>
 * </ul>
 */
public class BreakerCircuitBreakerFilterFactory extends SpringCloudCircuitBreakerFilterFactory {

    public BreakerCircuitBreakerFilterFactory(ReactiveCircuitBreakerFactory<?, ?> reactiveCircuitBreakerFactory,
            ObjectProvider<DispatcherHandler> dispatcherHandler) {
        super(reactiveCircuitBreakerFactory, dispatcherHandler);
    }

    @Override
    public GatewayFilter apply(Config config) {
        GatewayFilter filter = super.apply(config);
        // handleErrorWithoutFallback sees no exchange: the Retry-After it decides is written here. Boot's WebFlux
        // error handler keeps headers already on the response, but not those of a ResponseStatusException.
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                return filter.filter(exchange, chain).doOnError(Rejected.class, rejected -> {
                    ServerHttpResponse response = exchange.getResponse();
                    if (!response.isCommitted()) {
                        response.getHeaders().addAll(rejected.getHeaders());
                    }
                });
            }

            @Override
            public String toString() {
                return filter.toString();
            }
        };
    }

    @Override
    protected Mono<Void> handleErrorWithoutFallback(Throwable error, boolean resumeWithoutError) {
        if (error instanceof CallNotPermittedException rejected) {
            return Mono.error(new Rejected(rejected));
        }
        if (error instanceof BulkheadFullException) {
            return Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, error.getMessage(), error));
        }
        if (error instanceof TimeoutException) {
            return Mono.error(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, error.getMessage(), error));
        }
        if (resumeWithoutError) {
            return Mono.empty();
        }
        if (error instanceof CircuitBreakerStatusCodeException status) {
            return Mono.error(new ResponseStatusException(status.getStatusCode(), null, error));
        }
        return Mono.error(error);
    }

    /** A 503 for a call the breaker rejected, carrying its {@code Retry-After}. */
    static final class Rejected extends ResponseStatusException {

        private final HttpHeaders headers = new HttpHeaders();

        Rejected(CallNotPermittedException rejected) {
            super(HttpStatus.SERVICE_UNAVAILABLE, rejected.getMessage(), rejected);
            if (rejected.state() != BreakerState.FORCED_OPEN) {
                long millis = rejected.retryAfter().toMillis();
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (millis + 999) / 1000)));
            }
        }

        /** Also read by Spring's own {@code ResponseStatusExceptionHandler}, in an application without Boot's. */
        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
