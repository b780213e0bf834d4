package dev.breaker.web;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives the Tomcat that serves the {@code circuitbreakers} endpoint a {@link CircuitBreakersEndpointErrorReportValve},
 * so that the requests it refuses on the endpoint's paths answer problem+json.
 */
public class CircuitBreakersEndpointTomcatCustomizer
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final Supplier<@Nullable String> endpointPath;

    /**
     * @param endpointPath the endpoint's path within the servlet context ({@code DispatcherServlet} prefix and
     * endpoint path, e.g. {@code /actuator/circuitbreakers}), {@code null} while not known; asked once the server
     * takes requests
     */
    public CircuitBreakersEndpointTomcatCustomizer(Supplier<@Nullable String> endpointPath) {
        this.endpointPath = endpointPath;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> CircuitBreakersEndpointErrorReportValve.install(context, endpointPath));
    }
}
