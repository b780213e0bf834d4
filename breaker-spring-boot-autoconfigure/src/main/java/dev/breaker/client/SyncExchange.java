package dev.breaker.client;

import dev.breaker.CallTimeoutException;
import dev.breaker.CheckedSupplier;
import dev.breaker.Guard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;

/**
 * One blocking exchange under a guard, as the {@link BreakerHttpRequestInterceptor} and the
 * {@link BreakerClientHttpRequestFactory} both run it: the response judged by {@link HttpBreakers}, a failure
 * status recorded but the response returned, a timeout turned into an {@link IOException}.
 */
final class SyncExchange {

    private SyncExchange() {
    }

    /** Runs {@code send} (one attempt: sends and judges) under {@code guard}, with the caller-facing outcome. */
    static ClientHttpResponse run(Guard guard, HttpMethod method, URI uri, CheckedSupplier<ClientHttpResponse> send)
            throws IOException {
        try {
            return guard.executeChecked(send);
        } catch (HttpFailureStatusException failed) {
            return (ClientHttpResponse) failed.response();
        } catch (CallTimeoutException timedOut) {
            HttpTimeoutException timeout = new HttpTimeoutException(timedOut.getMessage() + " (" + method + " " + uri + ")");
            timeout.initCause(timedOut);
            throw timeout;
        } catch (IOException | RuntimeException | Error unchanged) {
            throw unchanged;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** {@code response}, or, when its status is a failure, the exception that records it (carrying it). */
    static ClientHttpResponse judged(HttpBreakers breakers, Guard guard, URI uri, ClientHttpResponse response)
            throws IOException {
        int status = response.getStatusCode().value();
        // Read only when it can matter: each header lookup builds a lower-case key.
        String retryAfter = breakers.readsRetryAfter(status) ? response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER) : null;
        HttpFailureStatusException failure = breakers.judge(guard, uri, status, retryAfter, response);
        if (failure != null) {
            throw failure;
        }
        return response;
    }
}
