package dev.breaker.client;

import dev.breaker.CallNotPermittedException;
import dev.breaker.Guard;
import dev.breaker.reactor.GuardedPublishers;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Runs each {@code WebClient} exchange through the breaker of its host (see {@link HttpBreakers}), with that
 * breaker's retry, bulkhead and timeout, as Reactor operators: nothing blocks. Boot's {@code WebClient.Builder}
 * gets it through a customizer when {@code breaker.http.enabled} is true; for a builder made by hand:
 * {@code WebClient.builder().filter(filter)}.
 *
 * <ul>
 * <li>A rejected exchange errors the {@code Mono} with {@link CallNotPermittedException}; nothing is sent.
 * <li>Errors count as failures and propagate unchanged; responses with a failure status count as failures and
 * still reach the caller unchanged. A timeout errors the {@code Mono} with {@code CallTimeoutException}.
 * <li>With a retry, the body of a failed attempt's response is released before the next attempt.
 * </ul>
 */
public final class BreakerExchangeFilterFunction implements ExchangeFilterFunction {

    private final HttpBreakers breakers;

    public BreakerExchangeFilterFunction(HttpBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        URI uri = request.url();
        Guard guard = breakers.guardFor(uri);
        if (guard == null) {
            return next.exchange(request);
        }
        if (guard.retry() == null) {
            return answered(GuardedPublishers.mono(guard,
                    next.exchange(request).flatMap(response -> judged(guard, uri, response))));
        }
        return Mono.defer(() -> {
            // One per exchange: the failed response of the last attempt, released before the next is sent.
            AtomicReference<ClientResponse> failed = new AtomicReference<>();
            Mono<ClientResponse> attempt = Mono.defer(() -> {
                ClientResponse previous = failed.getAndSet(null);
                Mono<Void> released = (previous != null) ? previous.releaseBody().onErrorComplete() : Mono.empty();
                return released.then(next.exchange(request)).flatMap(response -> {
                    Mono<ClientResponse> judged = judged(guard, uri, response);
                    return judged.doOnError(HttpFailureStatusException.class, failure -> failed.set(response));
                });
            });
            return answered(GuardedPublishers.mono(guard, attempt));
        });
    }

    /** The response itself or, for a failure status, an error that the guard records as a failure. */
    private Mono<ClientResponse> judged(Guard guard, URI uri, ClientResponse response) {
        int status = response.statusCode().value();
        String retryAfter = breakers.readsRetryAfter(status)
                ? response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER) : null;
        HttpFailureStatusException failure = breakers.judge(guard, uri, status, retryAfter, response);
        return (failure == null) ? Mono.just(response) : Mono.error(failure);
    }

    /** A response with a failure status, recorded, still answers the exchange. */
    private static Mono<ClientResponse> answered(Mono<ClientResponse> guarded) {
        return guarded.onErrorResume(HttpFailureStatusException.class,
                failure -> Mono.just((ClientResponse) failure.response()));
    }
}
