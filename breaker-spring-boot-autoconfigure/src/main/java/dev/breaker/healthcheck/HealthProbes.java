package dev.breaker.healthcheck;

import dev.breaker.definition.BreakerConfigurationException;
import java.net.http.HttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The probes of both kinds of target: URLs with one shared JDK {@link HttpClient} (redirects not followed, so a
 * 3xx is unhealthy like any answer outside 2xx), and health contributors with the factory given, which is absent
 * when the application has no Spring Boot health support.
 */
public final class HealthProbes implements HealthProbe.Factory {

    private final HealthProbe.@Nullable Factory contributors;
    private volatile @Nullable HttpClient client;

    /** @param contributors probes of health contributors; null when the application has none to offer */
    public HealthProbes(HealthProbe.@Nullable Factory contributors) {
        this.contributors = contributors;
    }

    @Override
    public HealthProbe create(HealthCheckSettings settings) {
        if (settings.url() != null) {
            return new UrlProbe(client(), settings.url(), settings.timeout());
        }
        if (contributors == null) {
            throw new BreakerConfigurationException(settings.path() + " is '" + settings.indicator()
                    + "', but the application has no Spring Boot health contributors to check: spring-boot-health"
                    + " (part of spring-boot-starter-actuator) is not on the classpath, or its registry is off.",
                    "Add spring-boot-starter-actuator to the application, or check an HTTP endpoint with "
                            + settings.path().replaceFirst("indicator$", "url") + " instead.");
        }
        return contributors.create(settings);
    }

    /** One client for every URL check: it pools connections; each request carries its own timeout. */
    private HttpClient client() {
        HttpClient shared = client;
        if (shared == null) {
            synchronized (this) {
                shared = client;
                if (shared == null) {
                    shared = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    client = shared;
                }
            }
        }
        return shared;
    }
}
