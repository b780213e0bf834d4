package dev.breaker.client;

import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import dev.breaker.CheckedSupplier;
import dev.breaker.Guard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs each {@code RestClient} or {@code RestTemplate} request through the breaker of its host (see
 * {@link HttpBreakers}), with that breaker's retry, bulkhead and timeout. Boot's builders get it through
 * customizers when {@code breaker.http.enabled} is true; for a builder made by hand:
 * {@code RestClient.builder().requestInterceptor(interceptor)}.
 *
 * <ul>
 * <li>A rejected request throws {@link CallNotPermittedException} (a Spring MVC caller answers 503 with
 * {@code Retry-After}); nothing is sent.
 * <li>I/O errors count as failures and propagate unchanged; so do responses with a failure status, which the
 * caller still receives unchanged (the client's own status handling then applies).
 * <li>A request past its breaker's timeout fails with {@link HttpTimeoutException} (an I/O error, which
 * RestClient and RestTemplate wrap in {@code ResourceAccessException}) caused by the {@link CallTimeoutException}.
 * <li>With a retry, the response of a failed attempt is closed before the next one is sent.
 * </ul>
 */
public final class BreakerHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    private final HttpBreakers breakers;

    public BreakerHttpRequestInterceptor(HttpBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        URI uri = request.getURI();
        Guard guard = breakers.guardFor(uri);
        if (guard == null) {
            return execution.execute(request, body);
        }
        return SyncExchange.run(guard, request.getMethod(), uri, new Attempts(guard, uri, request, body, execution));
    }

    /** The attempts of one request: each sends it again, after closing the failed response of the last one. */
    private final class Attempts implements CheckedSupplier<ClientHttpResponse> {

        private final Guard guard;
        private final URI uri;
        private final HttpRequest request;
        private final byte[] body;
        private final ClientHttpRequestExecution execution;
        // Volatile: with a timeout layer, each attempt runs on a layer thread.
        private volatile @Nullable ClientHttpResponse failed;

        Attempts(Guard guard, URI uri, HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
            this.guard = guard;
            this.uri = uri;
            this.request = request;
            this.body = body;
            this.execution = execution;
        }

        @Override
        public ClientHttpResponse get() throws IOException {
            ClientHttpResponse previous = failed;
            if (previous != null) {
                previous.close();
                failed = null;
            }
            ClientHttpResponse response = execution.execute(request, body);
            try {
                return SyncExchange.judged(breakers, guard, uri, response);
            } catch (HttpFailureStatusException failure) {
                failed = response;
                throw failure;
            }
        }
    }
}
