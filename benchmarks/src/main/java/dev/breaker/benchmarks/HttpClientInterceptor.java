package dev.breaker.benchmarks;

import dev.breaker.BreakerRegistry;
import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import dev.breaker.SlidingWindowType;
import dev.breaker.client.BreakerHttpRequestInterceptor;
import dev.breaker.client.HttpBreakers;
import dev.breaker.client.HttpStatuses;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.LayerSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * What the outbound-HTTP breaker adds to a {@code RestClient} request, with no network in the way: three
 * clients on the same in-memory request factory (a fixed 200 with a small body, no I/O) make the same GET.
 * <ul>
 * <li>{@code plain}: no interceptor, the floor.
 * <li>{@code noOpInterceptor}: one {@code ClientHttpRequestInterceptor} that only proceeds. Spring builds its
 * interceptor chain and buffers the request body for any interceptor; this separates that from Breaker's share.
 * <li>{@code withBreaker}: Breaker's {@link BreakerHttpRequestInterceptor}, the host's breaker already created:
 * the path Boot's builders take when a host's breaker has a retry.
 * <li>{@code withBreakerFactory}: the in-memory factory wrapped by {@link HttpBreakers#wrap}, no interceptor: the
 * path Boot's builders take otherwise.
 * </ul>
 * And Breaker's share without RestClient around it: {@code interceptorAlone}, the interceptor called directly
 * on an execution that answers a preallocated response (host lookup, breaker permit and record, response
 * check), and {@code hostLookup}, {@link HttpBreakers#guardFor(URI)} alone for that known host, the lookup
 * every request makes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Twice the module's usual warm-up: RestClient's call tree is large, and on 2 cores C2 was still compiling it
// after 4 s (the plain request fell from ~200 to ~40 ns in the first measured iterations).
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class HttpClientInterceptor {

    /** An unmapped host, so the request takes the automatic {@code http:<host>} breaker, as most will. */
    static final URI URI = java.net.URI.create("https://api.example.com/v1/items/42");
    static final String BREAKER = "http:api.example.com";

    private final RestClient.RequestHeadersSpec.ExchangeFunction<Integer> status =
            (sent, received) -> received.getStatusCode().value();

    private RestClient plain;
    private RestClient noOpInterceptor;
    private RestClient withBreaker;
    private RestClient withBreakerFactory;
    private HttpBreakers breakers;
    private BreakerHttpRequestInterceptor interceptor;
    private ClientHttpRequest request;
    private final byte[] noBody = new byte[0];
    private final ClientHttpResponse response = new InMemoryRequestFactory.Response();
    /** The rest of the chain for {@code interceptorAlone}: a call that returns a field, so next to nothing. */
    private final ClientHttpRequestExecution answer = (sent, body) -> response;

    @Setup
    public void setUp() throws Exception {
        BreakerRegistry registry = BreakerRegistry.builder()
                .defaultConfig(BreakerCount.config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS))
                .build();
        GuardRegistry guards = new GuardRegistry(registry, name -> LayerSettings.NONE, FallbackListener.NONE);
        breakers = new HttpBreakers(guards, Map.of(), HttpStatuses.parse(List.of("5xx")), true, 100);
        ClientHttpRequestFactory inMemory = new InMemoryRequestFactory();
        ClientHttpRequestInterceptor proceed = (request, body, execution) -> execution.execute(request, body);
        plain = RestClient.builder().requestFactory(inMemory).build();
        noOpInterceptor = RestClient.builder().requestFactory(inMemory).requestInterceptor(proceed).build();
        interceptor = new BreakerHttpRequestInterceptor(breakers);
        withBreaker = RestClient.builder().requestFactory(inMemory).requestInterceptor(interceptor).build();
        withBreakerFactory = RestClient.builder().requestFactory(breakers.wrap(inMemory)).build();
        request = inMemory.createRequest(URI, HttpMethod.GET);

        // Fail the run rather than measure a request that never reaches the breaker, or a lookup that misses.
        for (RestClient client : List.of(plain, noOpInterceptor, withBreaker, withBreakerFactory)) {
            Integer answered = client.get().uri(URI).exchange(status);
            if (answered == null || answered != 200) {
                throw new IllegalStateException("expected 200 from the in-memory factory, got " + answered);
            }
        }
        if (interceptorAlone() != response) {
            throw new IllegalStateException("the interceptor did not pass the response through");
        }
        long recorded = registry.breaker(BREAKER).metrics().successfulCallsTotal();
        Guard found = breakers.guardFor(URI);
        if (recorded != 3 || found == null || !found.name().equals(BREAKER) || registry.breakers().size() != 1) {
            throw new IllegalStateException("breakers " + registry.breakers() + ", " + recorded
                    + " successful calls recorded on " + BREAKER + " (3 expected), lookup found " + found);
        }
    }

    @Benchmark
    public Integer plain() {
        return plain.get().uri(URI).exchange(status);
    }

    @Benchmark
    public Integer noOpInterceptor() {
        return noOpInterceptor.get().uri(URI).exchange(status);
    }

    @Benchmark
    public Integer withBreaker() {
        return withBreaker.get().uri(URI).exchange(status);
    }

    @Benchmark
    public Integer withBreakerFactory() {
        return withBreakerFactory.get().uri(URI).exchange(status);
    }

    @Benchmark
    public ClientHttpResponse interceptorAlone() throws IOException {
        return interceptor.intercept(request, noBody, answer);
    }

    @Benchmark
    public Guard hostLookup() {
        return breakers.guardFor(URI);
    }

    /**
     * Answers every request with 200 and an 8-byte text body, without I/O. A new request (with its headers,
     * its attributes when asked for, like Spring's {@code AbstractClientHttpRequest}) and a new response per
     * request, as a real factory makes; the response headers are shared and read-only.
     */
    static final class InMemoryRequestFactory implements ClientHttpRequestFactory {

        private static final byte[] BODY = "response".getBytes(StandardCharsets.US_ASCII);
        private static final HttpHeaders RESPONSE_HEADERS;

        static {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.TEXT_PLAIN);
            headers.setContentLength(BODY.length);
            RESPONSE_HEADERS = HttpHeaders.readOnlyHttpHeaders(headers);
        }

        @Override
        public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
            return new Request(uri, method);
        }

        private static final class Request implements ClientHttpRequest {

            private final URI uri;
            private final HttpMethod method;
            private final HttpHeaders headers = new HttpHeaders();
            private Map<String, Object> attributes;

            Request(URI uri, HttpMethod method) {
                this.uri = uri;
                this.method = method;
            }

            @Override
            public HttpMethod getMethod() {
                return method;
            }

            @Override
            public URI getURI() {
                return uri;
            }

            @Override
            public Map<String, Object> getAttributes() {
                if (attributes == null) {
                    attributes = new LinkedHashMap<>();
                }
                return attributes;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public OutputStream getBody() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public ClientHttpResponse execute() {
                return new Response();
            }
        }

        static final class Response implements ClientHttpResponse {

            @Override
            public HttpStatusCode getStatusCode() {
                return HttpStatus.OK;
            }

            @Override
            public String getStatusText() {
                return "OK";
            }

            @Override
            public HttpHeaders getHeaders() {
                return RESPONSE_HEADERS;
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(BODY);
            }

            @Override
            public void close() {
            }
        }
    }
}
