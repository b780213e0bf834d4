package dev.breaker.sample;

import dev.breaker.client.BreakerClientHttpRequestFactory;
import dev.breaker.client.BreakerHttpRequestInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} the {@code @CircuitBreaker} services share to reach their downstreams, with the timeouts
 * of {@link DownstreamClientProperties}. It is built at first use rather than at startup because the simulated
 * downstreams live in this very application, whose port (random in tests) is known only once the web server
 * has started.
 */
@Component
public class DownstreamClient {

    private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> factories;
    private final ObjectProvider<HttpClientSettings> settings;
    private final DownstreamClientProperties properties;
    private final Environment environment;
    private final SingletonSupplier<RestClient> client;

    public DownstreamClient(RestClient.Builder builder, ObjectProvider<ClientHttpRequestFactoryBuilder<?>> factories,
            ObjectProvider<HttpClientSettings> settings, DownstreamClientProperties properties,
            Environment environment) {
        this.factories = factories;
        this.settings = settings;
        this.properties = properties;
        this.environment = environment;
        // Boot's builders carry the host breakers of breaker.http, enabled for the inventory service: in the request
        // factory (or, were a host breaker to retry, as an interceptor). These calls already run through their
        // @CircuitBreaker; a second, host-wide breaker (http:localhost:8080: the simulated downstreams share one
        // host) would pool payment's, search's and analytics' failures and reject one service's calls because
        // another failed. So this client goes without it.
        this.client = SingletonSupplier.of(() -> configure(builder)
                .requestFactory(withoutHostBreakers(requestFactory()))
                .requestInterceptors(all -> all.removeIf(BreakerHttpRequestInterceptor.class::isInstance))
                .build());
    }

    /** The client, with the base URL of the downstreams: call {@code uri("/payment")} and so on. */
    public RestClient rest() {
        return client.obtain();
    }

    /**
     * Gives {@code builder} the downstreams' base URL and timeouts, and keeps all else it has (the host breakers
     * of {@code breaker.http} among them). Call it at first use, once the server's port is known.
     */
    public RestClient.Builder configure(RestClient.Builder builder) {
        return builder.baseUrl(baseUrl()).requestFactory(requestFactory());
    }

    private ClientHttpRequestFactory requestFactory() {
        return factories.getIfAvailable(ClientHttpRequestFactoryBuilder::detect)
                .build(settings.getIfAvailable(HttpClientSettings::defaults)
                        .withTimeouts(properties.connectTimeout(), properties.readTimeout()));
    }

    private static ClientHttpRequestFactory withoutHostBreakers(ClientHttpRequestFactory factory) {
        return (factory instanceof BreakerClientHttpRequestFactory guarded) ? guarded.delegate() : factory;
    }

    private String baseUrl() {
        if (properties.baseUrl() != null) {
            return properties.baseUrl().toString();
        }
        // Set by Spring Boot once the embedded server listens; the actual port, even with server.port=0.
        return "http://localhost:" + environment.getRequiredProperty("local.server.port") + "/downstream";
    }
}
