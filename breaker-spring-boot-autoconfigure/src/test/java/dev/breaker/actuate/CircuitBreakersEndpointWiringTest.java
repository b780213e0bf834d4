package dev.breaker.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerEndpointAutoConfiguration;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.web.CircuitBreakersEndpointExceptionResolver;
import dev.breaker.web.CircuitBreakersEndpointRequestBodyAdvice;
import dev.breaker.web.CircuitBreakersEndpointTomcatCustomizer;
import java.util.List;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.core.json.JsonFactory;

/** The endpoint comes with its web extension, and with the Spring MVC error resolver in a servlet application. */
class CircuitBreakersEndpointWiringTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(BreakerAutoConfiguration.class,
            EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
            BreakerEndpointAutoConfiguration.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS)
            .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers");

    @Test
    void aServletApplicationGetsTheEndpointItsWebExtensionAndTheErrorResolver() {
        servlet.run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpoint.class)
                .hasSingleBean(CircuitBreakersEndpointWebExtension.class)
                .hasSingleBean(CircuitBreakersEndpointExceptionResolver.class));
    }

    @Test
    void withoutSpringMvcOrAServletApplicationThereIsNoErrorResolver() {
        servlet.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                .run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpointWebExtension.class)
                        .doesNotHaveBean(CircuitBreakersEndpointExceptionResolver.class));
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers")
                .run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpointWebExtension.class)
                        .doesNotHaveBean(CircuitBreakersEndpointExceptionResolver.class));
    }

    @Test
    void overJmxOnlyOrWithoutSpringWebTheEndpointNeedsNoHttpTypes() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("spring.jmx.enabled=true",
                        "management.endpoints.jmx.exposure.include=circuitbreakers")
                .run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpoint.class)
                        .doesNotHaveBean(CircuitBreakersEndpointWebExtension.class));
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withClassLoader(new FilteredClassLoader(ProblemDetail.class))
                .withPropertyValues("management.endpoints.web.exposure.include=circuitbreakers")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CircuitBreakersEndpoint.class)
                        .doesNotHaveBean(CircuitBreakersEndpointWebExtension.class));
    }

    @Test
    void aServletApplicationWithJacksonGetsTheStrictBodyCheck() {
        servlet.run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpointRequestBodyAdvice.class));
        servlet.withClassLoader(new FilteredClassLoader(JsonFactory.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(CircuitBreakersEndpointExceptionResolver.class)
                        .doesNotHaveBean(CircuitBreakersEndpointRequestBodyAdvice.class));
        servlet.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(CircuitBreakersEndpointRequestBodyAdvice.class));
    }

    @Test
    void onTomcatTheEndpointsPortGetsTheErrorReportValve() {
        servlet.run(context -> assertThat(context).hasSingleBean(CircuitBreakersEndpointTomcatCustomizer.class));
        servlet.withClassLoader(new FilteredClassLoader(Tomcat.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CircuitBreakersEndpointTomcatCustomizer.class));
        // A separate management port gets its own, from the management context.
        servlet.withPropertyValues("management.server.port=0")
                .run(context -> assertThat(context).doesNotHaveBean(CircuitBreakersEndpointTomcatCustomizer.class));
    }

    @Test
    void anEndpointThatIsNotExposedBringsNothing() {
        servlet.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(CircuitBreakersEndpoint.class)
                        .doesNotHaveBean(CircuitBreakersEndpointWebExtension.class)
                        .doesNotHaveBean(CircuitBreakersEndpointExceptionResolver.class)
                        .doesNotHaveBean(CircuitBreakersEndpointTomcatCustomizer.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        servlet.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).getBean(CircuitBreakersEndpointWebExtension.class).isSameAs(OwnBeans.EXTENSION);
            assertThat(context).getBean(CircuitBreakersEndpointExceptionResolver.class).isSameAs(OwnBeans.RESOLVER);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        static final CircuitBreakersEndpointWebExtension EXTENSION = new CircuitBreakersEndpointWebExtension(
                new CircuitBreakersEndpoint(BreakerRegistry.builder().build(),
                        name -> new BreakerDefinition(name, null, BreakerConfig.defaults(), true)));
        static final CircuitBreakersEndpointExceptionResolver RESOLVER =
                new CircuitBreakersEndpointExceptionResolver(() -> null, List::of);

        @Bean
        CircuitBreakersEndpointWebExtension ownExtension() {
            return EXTENSION;
        }

        @Bean
        CircuitBreakersEndpointExceptionResolver ownResolver() {
            return RESOLVER;
        }
    }
}
