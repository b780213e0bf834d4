package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.web.CallNotPermittedExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.DispatcherServlet;

class BreakerWebMvcAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerWebMvcAutoConfiguration.class));

    @Test
    void answersRejectedCallsInAServletApplication() {
        runner.run(context -> assertThat(context).hasSingleBean(CallNotPermittedExceptionHandler.class));
    }

    @Test
    void isAbsentOutsideAServletApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerWebMvcAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CallNotPermittedExceptionHandler.class));
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerWebMvcAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CallNotPermittedExceptionHandler.class));
    }

    @Test
    void isOffWhenBreakerWebProblemDetailsIsFalse() {
        runner.withPropertyValues("breaker.web.problem-details=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CallNotPermittedExceptionHandler.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnHandler() {
        runner.withBean("ownHandler", OwnHandler.class, OwnHandler::new).run(context ->
                assertThat(context.getBeansOfType(CallNotPermittedExceptionHandler.class)).containsOnlyKeys("ownHandler"));
    }

    @Test
    void disappearsWithoutSpringMvc() {
        runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(CallNotPermittedExceptionHandler.class));
    }

    static class OwnHandler extends CallNotPermittedExceptionHandler {
    }
}
