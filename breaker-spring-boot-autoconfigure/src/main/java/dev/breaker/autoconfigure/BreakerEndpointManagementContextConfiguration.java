package dev.breaker.autoconfigure;

import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.web.CircuitBreakersEndpointTomcatCustomizer;
import org.apache.catalina.startup.Tomcat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import tools.jackson.core.json.JsonFactory;

/**
 * On a separate management port, which Boot serves from a child context with a Tomcat of its own: the requests
 * that Tomcat refuses on the {@code circuitbreakers} endpoint's paths answer problem+json there too.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Tomcat.class, TomcatServletWebServerFactory.class, DispatcherServletPath.class,
        JsonFactory.class})
@ConditionalOnAvailableEndpoint(endpoint = CircuitBreakersEndpoint.class, exposure = EndpointExposure.WEB)
final class BreakerEndpointManagementContextConfiguration {

    /** The child's DispatcherServlet and context path; the endpoint's path comes from the parent. */
    @Bean
    @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
    CircuitBreakersEndpointTomcatCustomizer circuitBreakersEndpointTomcatCustomizer(
            ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<DispatcherServletPath> servletPath) {
        return new CircuitBreakersEndpointTomcatCustomizer(
                BreakerEndpointAutoConfiguration.TomcatErrorReportConfiguration.servletRelative(
                        BreakerEndpointAutoConfiguration.endpointPath(endpoints), servletPath));
    }
}
