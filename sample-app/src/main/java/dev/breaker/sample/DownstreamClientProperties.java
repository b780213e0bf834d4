package dev.breaker.sample;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the services reach their downstreams. The timeouts matter as much as the breaker: without a read
 * timeout a hung downstream holds a request thread for ever and the breaker never sees the call end.
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for an answer once connected; keep it above the slowest
 *        {@code slow-call-duration-threshold} so that slow calls are measured, not cut short
 * @param baseUrl where the downstreams live, e.g. {@code http://downstreams.internal:8080}; unset means the
 *        simulated downstreams of this application ({@code http://localhost:<actual port>/downstream})
 */
@ConfigurationProperties("sample.downstream")
public record DownstreamClientProperties(
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("1500ms") Duration readTimeout,
        @Nullable URI baseUrl) {

    public DownstreamClientProperties {
        requirePositive("sample.downstream.connect-timeout", connectTimeout);
        requirePositive("sample.downstream.read-timeout", readTimeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
