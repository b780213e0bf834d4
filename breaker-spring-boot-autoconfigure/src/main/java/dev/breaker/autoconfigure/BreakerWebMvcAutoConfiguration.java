package dev.breaker.autoconfigure;

import dev.breaker.web.CallNotPermittedExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A rejected call escaping a Spring MVC handler answers 503 with Retry-After and a problem detail;
 * {@code breaker.web.problem-details=false} turns it off.
 */
@AutoConfiguration(after = BreakerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "breaker.web.problem-details", matchIfMissing = true)
public final class BreakerWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CallNotPermittedExceptionHandler callNotPermittedExceptionHandler() {
        return new CallNotPermittedExceptionHandler();
    }
}
