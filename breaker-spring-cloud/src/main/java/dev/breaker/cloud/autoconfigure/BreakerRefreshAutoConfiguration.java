package dev.breaker.cloud.autoconfigure;

import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerSettingsRefresher;
import dev.breaker.cloud.refresh.BreakerEnvironmentChangeListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;

/**
 * Changed {@code breaker.*} properties reach the running breakers when Spring Cloud announces them with an
 * {@link EnvironmentChangeEvent}, in applications that have Spring Cloud Context.
 */
@AutoConfiguration(after = BreakerAutoConfiguration.class)
@ConditionalOnClass(EnvironmentChangeEvent.class)
@ConditionalOnBean(BreakerSettingsRefresher.class)
public final class BreakerRefreshAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BreakerEnvironmentChangeListener breakerEnvironmentChangeListener(BreakerSettingsRefresher refresher) {
        return new BreakerEnvironmentChangeListener(refresher);
    }
}
