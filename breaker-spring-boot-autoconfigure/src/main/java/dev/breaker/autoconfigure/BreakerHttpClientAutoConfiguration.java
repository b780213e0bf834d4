package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.GuardRegistry;
import dev.breaker.client.BreakerExchangeFilterFunction;
import dev.breaker.client.BreakerHttpRequestInterceptor;
import dev.breaker.client.HttpBreakers;
import dev.breaker.client.HttpStatuses;
import dev.breaker.client.InvalidHttpSettingException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * With {@code breaker.http.enabled=true}, a breaker per downstream host for the {@code RestClient.Builder},
 * {@code RestTemplateBuilder} and {@code WebClient.Builder} Boot auto-configures (and so for HTTP interface
 * clients built on them), through Boot's customizers. The {@link BreakerHttpRequestInterceptor} and
 * {@link BreakerExchangeFilterFunction} beans serve builders an application makes itself.
 */
@AutoConfiguration(after = BreakerAutoConfiguration.class,
        beforeName = {"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
                "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
                "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"})
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnBooleanProperty(name = "breaker.http.enabled")
public final class BreakerHttpClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HttpBreakers httpBreakers(GuardRegistry guards, BreakerProperties properties,
            ObjectProvider<BreakerDefinitions> definitions, ObjectProvider<BreakerConfigCustomizer> customizers) {
        BreakerHttpProperties http = properties.getHttp();
        BreakerDefinitions resolved = definitions.getIfAvailable();
        if (resolved != null) {
            new UnconfiguredBreakerNames(properties, customizers.orderedStream().toList(),
                    name -> resolved.definition(name).config()).checkHttpHosts(http.getHosts());
        }
        HttpStatuses statuses;
        try {
            statuses = HttpStatuses.parse(http.getFailureStatuses());
        } catch (InvalidHttpSettingException invalid) {
            throw invalidSetting("breaker.http.failure-statuses", invalid);
        }
        try {
            return new HttpBreakers(guards, http.getHosts(), statuses, http.isHonorRetryAfter(), http.getMaxHosts());
        } catch (InvalidHttpSettingException invalid) {
            throw invalidSetting(invalid.key().isEmpty() ? "breaker.http.max-hosts" : "breaker.http.hosts", invalid);
        } catch (IllegalArgumentException invalidName) {
            // A mapped breaker name the registry refuses (blank, too long, control characters).
            throw new BreakerConfigurationException("breaker.http.hosts: " + invalidName.getMessage() + ".",
                    "Map the host to a valid breaker name.");
        }
    }

    private static BreakerConfigurationException invalidSetting(String path, InvalidHttpSettingException invalid) {
        return BreakerConfigurationException.invalidSetting(path + invalid.key(), invalid.value(), invalid.accepted());
    }

    @Bean
    @ConditionalOnMissingBean
    BreakerHttpRequestInterceptor breakerHttpRequestInterceptor(HttpBreakers breakers) {
        return new BreakerHttpRequestInterceptor(breakers);
    }

    /**
     * How Boot's blocking clients get the breakers. The request factory, wrapped, costs least (Spring's interceptor
     * chain alone costs several times a breaker), but a request it made cannot be sent again: when a breaker these
     * requests may use has a retry, the interceptor serves them all instead.
     */
    @Bean
    @ConditionalOnMissingBean
    HttpRequestPath breakerHttpRequestPath(BreakerProperties properties, BreakerDefinitions definitions) {
        return HttpRequestPath.of(properties, definitions);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class RestClientBreakers {

        @Bean
        RestClientCustomizer breakerRestClientCustomizer(BreakerHttpRequestInterceptor interceptor, HttpRequestPath path) {
            return builder -> {
                if (path.interceptor()) {
                    builder.requestInterceptor(interceptor);
                }
            };
        }

        @Bean
        RestTemplateCustomizer breakerRestTemplateCustomizer(BreakerHttpRequestInterceptor interceptor,
                HttpRequestPath path) {
            return restTemplate -> {
                if (path.interceptor()) {
                    restTemplate.getInterceptors().add(interceptor);
                }
            };
        }

        /** Wraps Boot's request factory builder, which its RestClient and RestTemplate builders build with. */
        @Bean
        static BeanPostProcessor breakerRequestFactoryBuilderPostProcessor(ObjectProvider<HttpBreakers> breakers,
                ObjectProvider<HttpRequestPath> path) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder) {
                        return (ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory>) settings -> {
                            ClientHttpRequestFactory factory = builder.build(settings);
                            return path.getObject().interceptor() ? factory : breakers.getObject().wrap(factory);
                        };
                    }
                    return bean;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebClient.class, Mono.class})
    static class WebClientBreakers {

        @Bean
        @ConditionalOnMissingBean
        BreakerExchangeFilterFunction breakerExchangeFilterFunction(HttpBreakers breakers) {
            return new BreakerExchangeFilterFunction(breakers);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebClientCustomizer.class)
        static class Customizer {

            @Bean
            WebClientCustomizer breakerWebClientCustomizer(BreakerExchangeFilterFunction filter) {
                return builder -> builder.filter(filter);
            }
        }
    }
}
