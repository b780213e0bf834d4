package dev.breaker.client;

import dev.breaker.CheckedSupplier;
import dev.breaker.Guard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request factory whose requests run through the breaker of their host when executed, with the same rules as
 * the {@link BreakerHttpRequestInterceptor} but without an interceptor: Spring's interceptor chain alone (body
 * buffering, a second set of headers) costs several times what the breaker does. A request sent once cannot be
 * sent again, so a breaker with a retry layer is the interceptor's to serve: requests to such a host pass through
 * unchanged. {@code breaker.http} wraps the request factory of Boot's {@code RestClient} and {@code RestTemplate}
 * builders with it when no breaker those requests may use has a retry; otherwise it adds the interceptor.
 */
public final class BreakerClientHttpRequestFactory implements ClientHttpRequestFactory {

    private final ClientHttpRequestFactory delegate;
    private final HttpBreakers breakers;

    public BreakerClientHttpRequestFactory(ClientHttpRequestFactory delegate, HttpBreakers breakers) {
        this.delegate = delegate;
        this.breakers = breakers;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
        ClientHttpRequest request = delegate.createRequest(uri, method);
        Guard guard = breakers.guardFor(uri);
        return (guard == null || guard.retry() != null) ? request : new GuardedRequest(request, guard, breakers);
    }

    /** The factory that makes the requests. */
    public ClientHttpRequestFactory delegate() {
        return delegate;
    }

    /** A request whose execution is one attempt under its guard. */
    private static final class GuardedRequest implements ClientHttpRequest, CheckedSupplier<ClientHttpResponse> {

        private final ClientHttpRequest request;
        private final Guard guard;
        private final HttpBreakers breakers;

        GuardedRequest(ClientHttpRequest request, Guard guard, HttpBreakers breakers) {
            this.request = request;
            this.guard = guard;
            this.breakers = breakers;
        }

        @Override
        public ClientHttpResponse execute() throws IOException {
            return SyncExchange.run(guard, request.getMethod(), request.getURI(), this);
        }

        /** The attempt: sends the request and judges the response. */
        @Override
        public ClientHttpResponse get() throws IOException {
            return SyncExchange.judged(breakers, guard, request.getURI(), request.execute());
        }

        @Override
        public OutputStream getBody() throws IOException {
            return request.getBody();
        }

        @Override
        public HttpMethod getMethod() {
            return request.getMethod();
        }

        @Override
        public URI getURI() {
            return request.getURI();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return request.getAttributes();
        }

        @Override
        public HttpHeaders getHeaders() {
            return request.getHeaders();
        }
    }
}
