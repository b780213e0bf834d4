package dev.breaker.cloud;

import dev.breaker.BreakerConfig;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * Builds the {@link BreakerCloudConfig} of one breaker, Spring Cloud's way:
 * <pre>{@code
 * factory.configure(builder -> builder.settings(b -> b.failureRateThreshold(20)), "payment");
 * factory.configureDefault(id -> new BreakerCloudConfigBuilder(id).settings(b -> b.minimumNumberOfCalls(10)).build());
 * }</pre>
 * Calls to {@link #settings} add up, in order.
 */
public final class BreakerCloudConfigBuilder implements ConfigBuilder<BreakerCloudConfig> {

    private final String id;
    private Consumer<BreakerConfig.Builder> settings = builder -> { };

    public BreakerCloudConfigBuilder(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** Changes to the breaker's settings, applied on top of its {@code breaker.*} configuration. */
    public BreakerCloudConfigBuilder settings(Consumer<BreakerConfig.Builder> change) {
        Objects.requireNonNull(change, "change");
        this.settings = this.settings.andThen(change);
        return this;
    }

    @Override
    public BreakerCloudConfig build() {
        return new BreakerCloudConfig(id, settings);
    }
}
