package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.aop.BreakerAdvisor;
import dev.breaker.definition.GuardRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AnnotationAwareAspectJAutoProxyCreator;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * What {@link BreakerAopAutoConfiguration} registers and when it steps aside. The advisor's behaviour with
 * {@code breaker.enabled=false}, without AspectJ or Reactor and with {@code spring.aop.auto=false} is in
 * {@link BreakerAutoConfigurationTest}.
 */
class BreakerAopAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class, BreakerAopAutoConfiguration.class))
            .withUserConfiguration(ClientConfig.class);

    @Test
    void registersTheAdvisorAndAnInfrastructureAutoProxyCreatorWhenTheApplicationHasNone() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BreakerAdvisor.class);
            assertThat(context.getBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME))
                    .isExactlyInstanceOf(InfrastructureAdvisorAutoProxyCreator.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Client.class))).isTrue();
        });
    }

    @Test
    void keepsBootsAspectJAutoProxyCreatorWhenTheApplicationHasIt() {
        runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class)).run(context -> {
            assertThat(context.getBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME))
                    .isExactlyInstanceOf(AnnotationAwareAspectJAutoProxyCreator.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Client.class))).isTrue();
        });
    }

    @Test
    void discoversBreakersNamedOnlyInAnnotationsAtStartup() {
        runner.run(context -> assertThat(context.getBean(BreakerRegistry.class).find("inventory"))
                .isPresent());
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnAdvisor() {
        runner.withUserConfiguration(OwnAdvisorConfig.class).run(context -> {
            assertThat(context.getBeansOfType(BreakerAdvisor.class)).containsOnlyKeys("ownAdvisor");
            assertThat(context.getBean(BreakerAdvisor.class).getOrder()).isEqualTo(7);
        });
    }

    @Test
    void registersNothingWhenBreakerEnabledIsFalse() {
        runner.withPropertyValues("breaker.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(BreakerAdvisor.class)
                    .doesNotHaveBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME)
                    .doesNotHaveBean("breakerAnnotationDiscovery");
            assertThat(context.getBean(BreakerRegistry.class).find("inventory")).isEmpty();
            assertThat(AopUtils.isAopProxy(context.getBean(Client.class))).isFalse();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientConfig {
        @Bean
        Client client() {
            return new Client();
        }
    }

    static class Client {
        @CircuitBreaker(name = "inventory")
        public String stock() {
            return "12";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAdvisorConfig {
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static BreakerAdvisor ownAdvisor(ObjectProvider<GuardRegistry> guards) {
            BreakerAdvisor advisor = new BreakerAdvisor(guards::getObject);
            advisor.setOrder(7);
            return advisor;
        }
    }
}
