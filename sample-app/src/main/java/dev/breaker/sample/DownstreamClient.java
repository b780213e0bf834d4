package dev.breaker.sample;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} the services share to reach their downstreams, with the timeouts of
 * {@link DownstreamClientProperties}. It is built at first use rather than at startup because the simulated
 * downstreams live in this very application, whose port (random in tests) is known only once the web server
 * has started.
 */
@Component
public class DownstreamClient {

    private final SingletonSupplier<RestClient> client;

    public DownstreamClient(RestClient.Builder builder, ObjectProvider<ClientHttpRequestFactoryBuilder<?>> factories,
            ObjectProvider<HttpClientSettings> settings, DownstreamClientProperties properties,
            Environment environment) {
        this.client = SingletonSupplier.of(() -> builder
                .baseUrl(baseUrl(properties, environment))
                .requestFactory(factories.getIfAvailable(ClientHttpRequestFactoryBuilder::detect)
                        .build(settings.getIfAvailable(HttpClientSettings::defaults)
                                .withTimeouts(properties.connectTimeout(), properties.readTimeout())))
                .build());
    }

    /** The client, with the base URL of the downstreams: call {@code uri("/payment")} and so on. */
    public RestClient rest() {
        return client.obtain();
    }

    private static String baseUrl(DownstreamClientProperties properties, Environment environment) {
        if (properties.baseUrl() != null) {
            return properties.baseUrl().toString();
        }
        // Set by Spring Boot once the embedded server listens; the actual port, even with server.port=0.
        return "http://localhost:" + environment.getRequiredProperty("local.server.port") + "/downstream";
    }
}
