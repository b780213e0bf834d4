package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.aop.BreakerAdvisor;
import dev.breaker.definition.GuardRegistry;
import java.util.Set;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Gives {@code @CircuitBreaker} its behaviour through a Spring AOP advisor, unless
 * {@code breaker.enabled=false}. Works with Boot's AspectJ auto-proxying and without it: the advisor is an
 * infrastructure bean, and an auto-proxy creator is registered if the application has none.
 */
@AutoConfiguration(after = BreakerAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration")
@ConditionalOnBooleanProperty(name = "breaker.enabled", matchIfMissing = true)
@Import(BreakerAopAutoConfiguration.AutoProxyRegistrar.class)
public final class BreakerAopAutoConfiguration {

    /**
     * Static and reading the order from the environment: advisors are created very early, before
     * configuration-properties beans, and must not drag the registry along (it is resolved on first call).
     */
    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static BreakerAdvisor breakerAdvisor(ObjectProvider<GuardRegistry> guards, Environment environment) {
        BreakerAdvisor advisor = new BreakerAdvisor(guards::getObject);
        advisor.setOrder(Binder.get(environment).bind("breaker.aspect-order", Integer.class)
                .orElse(new BreakerProperties().getAspectOrder()));
        return advisor;
    }

    /**
     * Breakers named only in annotations exist from startup too, so the actuator shows them at once. A name that
     * matches no instance and no profile is reported first (see {@link UnconfiguredBreakerNames}).
     */
    @Bean
    static SmartInitializingSingleton breakerAnnotationDiscovery(BreakerAdvisor advisor,
            ObjectProvider<BreakerRegistry> registry, ObjectProvider<BreakerProperties> properties,
            ObjectProvider<BreakerDefinitions> definitions, ObjectProvider<BreakerConfigCustomizer> customizers) {
        return () -> {
            Set<String> names = advisor.discoveredBreakerNames();
            BreakerProperties configured = properties.getIfAvailable();
            BreakerDefinitions resolved = definitions.getIfAvailable();
            if (configured != null && resolved != null) {
                new UnconfiguredBreakerNames(configured, customizers.orderedStream().toList(),
                        name -> resolved.definition(name).config()).check(names);
            }
            names.forEach(name -> registry.getObject().breaker(name));
        };
    }

    /** Registers Spring's infrastructure auto-proxy creator when the application has none. */
    static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
