package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.actuate.CircuitBreakersEndpointWebExtension;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.definition.RuntimeSettings;
import dev.breaker.healthcheck.HealthChecks;
import dev.breaker.shared.FleetSyncStatus;
import dev.breaker.web.CircuitBreakersEndpointExceptionResolver;
import dev.breaker.web.CircuitBreakersEndpointRequestBodyAdvice;
import dev.breaker.web.CircuitBreakersEndpointTomcatCustomizer;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.apache.catalina.startup.Tomcat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.core.json.JsonFactory;

/** The {@code circuitbreakers} actuator endpoint, when the actuator is present and the endpoint is available. */
@AutoConfiguration(after = BreakerAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(CircuitBreakersEndpoint.class)
public final class BreakerEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({BreakerRegistry.class, BreakerDefinitions.class})
    CircuitBreakersEndpoint circuitBreakersEndpoint(BreakerRegistry registry, BreakerDefinitions definitions,
            ObjectProvider<GuardRegistry> guards, ObjectProvider<FleetSyncStatus> sync,
            ObjectProvider<HealthChecks> healthChecks, ObjectProvider<BreakerTuning> tuning,
            ObjectProvider<RuntimeSettings> settings) {
        return new CircuitBreakersEndpoint(registry, definitions, guards.getIfAvailable(), sync.getIfAvailable(),
                healthChecks.getIfAvailable(), tuning.getIfAvailable(), settings.getIfAvailable());
    }

    /**
     * The 404 and 400 answers as problem documents, over whichever web stack serves the actuator. Problem details
     * are spring-web types, which an application that exposes the endpoint over JMX only need not have.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ProblemDetail.class)
    @ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class, exposure = EndpointExposure.WEB)
    static class WebExtensionConfiguration {

        /** Conditions of the endpoint's own: a nested class is read before the enclosing class's beans. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean({BreakerRegistry.class, BreakerDefinitions.class})
        CircuitBreakersEndpointWebExtension circuitBreakersEndpointWebExtension(CircuitBreakersEndpoint endpoint) {
            return new CircuitBreakersEndpointWebExtension(endpoint);
        }
    }

    /** Spring MVC's own errors on the endpoint's paths (405, 415, an unreadable body) as problem documents too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    @ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class, exposure = EndpointExposure.WEB)
    static class WebMvcErrorsConfiguration {

        /** Looked up per error: the path follows the exposure settings, the converters the MVC setup. */
        @Bean
        @ConditionalOnMissingBean
        CircuitBreakersEndpointExceptionResolver circuitBreakersEndpointExceptionResolver(
                ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<RequestMappingHandlerAdapter> adapters) {
            return new CircuitBreakersEndpointExceptionResolver(endpointPath(endpoints), () -> {
                RequestMappingHandlerAdapter adapter = adapters.getIfUnique();
                return (adapter != null) ? adapter.getMessageConverters() : List.of();
            });
        }
    }

    /**
     * A write's body holds {@code state} and {@code settings}, each at most once, and nothing else; checked with Jackson 3's streaming parser, which
     * Spring MVC uses for JSON by default.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({DispatcherServlet.class, JsonFactory.class})
    @ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class, exposure = EndpointExposure.WEB)
    static class WebMvcStrictBodyConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CircuitBreakersEndpointRequestBodyAdvice circuitBreakersEndpointRequestBodyAdvice(
                ObjectProvider<PathMappedEndpoints> endpoints) {
            return new CircuitBreakersEndpointRequestBodyAdvice(endpointPath(endpoints));
        }
    }

    /**
     * On Tomcat, the requests Tomcat refuses on the endpoint's paths before any servlet code runs (an encoded
     * slash, %00) answer problem+json too. Only where the endpoint shares the application's port; a separate
     * management port gets its own (BreakerEndpointManagementContextConfiguration).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({Tomcat.class, TomcatServletWebServerFactory.class, DispatcherServletPath.class,
            JsonFactory.class})
    @ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class, exposure = EndpointExposure.WEB)
    @ConditionalOnManagementPort(ManagementPortType.SAME)
    static class TomcatErrorReportConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CircuitBreakersEndpointTomcatCustomizer circuitBreakersEndpointTomcatCustomizer(
                ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<DispatcherServletPath> servletPath) {
            return new CircuitBreakersEndpointTomcatCustomizer(servletRelative(endpointPath(endpoints), servletPath));
        }

        /**
         * The endpoint's path within the servlet context: the {@code DispatcherServlet}'s prefix, then its own path.
         * Here, not on the enclosing class, which must load without Spring MVC.
         */
        static Supplier<@Nullable String> servletRelative(Supplier<@Nullable String> endpointPath,
                ObjectProvider<DispatcherServletPath> servletPath) {
            return () -> {
                String path = endpointPath.get();
                DispatcherServletPath servlet = servletPath.getIfUnique();
                return (path != null && servlet != null) ? servlet.getRelativePath(path) : null;
            };
        }
    }

    /** The endpoint's path as Spring MVC matches it, looked up when asked: it follows the exposure settings. */
    static Supplier<@Nullable String> endpointPath(ObjectProvider<PathMappedEndpoints> endpoints) {
        EndpointId id = EndpointId.of(CircuitBreakersEndpoint.ID);
        return () -> {
            PathMappedEndpoints mapped = endpoints.getIfAvailable();
            return (mapped != null) ? mapped.getPath(id) : null;
        };
    }
}
