package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.client.BreakerClientHttpRequestFactory;
import dev.breaker.client.BreakerExchangeFilterFunction;
import dev.breaker.client.BreakerHttpRequestInterceptor;
import dev.breaker.client.HttpBreakers;
import dev.breaker.client.HttpStatuses;
import dev.breaker.definition.GuardRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

class BreakerHttpClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerHttpClientAutoConfiguration.class));

    @Test
    void backsOffUnlessEnabled() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(HttpBreakers.class)
                .doesNotHaveBean(RestClientCustomizer.class).doesNotHaveBean(WebClientCustomizer.class));
    }

    @Test
    void wrapsBootsRequestFactoryWhenNoHostBreakerRetries() {
        runner.withPropertyValues("breaker.http.enabled=true")
                .withBean(ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::jdk)
                .run(context -> {
                    assertThat(context).hasSingleBean(HttpBreakers.class).hasSingleBean(BreakerHttpRequestInterceptor.class)
                            .hasSingleBean(BreakerExchangeFilterFunction.class).hasSingleBean(RestClientCustomizer.class)
                            .hasSingleBean(RestTemplateCustomizer.class).hasSingleBean(WebClientCustomizer.class);
                    assertThat(context.getBean(HttpRequestPath.class).interceptor()).isFalse();
                    assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class).build())
                            .isInstanceOf(BreakerClientHttpRequestFactory.class);
                    RestClient.Builder builder = RestClient.builder();
                    context.getBean(RestClientCustomizer.class).customize(builder);
                    builder.requestInterceptors(interceptors -> assertThat(interceptors).isEmpty());
                    WebClient.Builder webClient = WebClient.builder();
                    context.getBean(WebClientCustomizer.class).customize(webClient);
                    webClient.filters(filters -> assertThat(filters)
                            .containsExactly(context.getBean(BreakerExchangeFilterFunction.class)));
                });
    }

    @Test
    void addsTheInterceptorInsteadWhenAHostBreakerMayRetry() {
        runner.withPropertyValues("breaker.http.enabled=true", "breaker.http.default-profile=remote",
                        "breaker.profiles.remote.retry.max-attempts=2")
                .withBean(ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::jdk)
                .run(context -> {
                    assertThat(context.getBean(HttpRequestPath.class).interceptor()).isTrue();
                    assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class).build())
                            .isNotInstanceOf(BreakerClientHttpRequestFactory.class);
                    RestClient.Builder builder = RestClient.builder();
                    context.getBean(RestClientCustomizer.class).customize(builder);
                    builder.requestInterceptors(interceptors -> assertThat(interceptors)
                            .containsExactly(context.getBean(BreakerHttpRequestInterceptor.class)));
                });
        // A mapped breaker with a retry is enough.
        runner.withPropertyValues("breaker.http.enabled=true", "breaker.profiles.payment.retry.max-attempts=3")
                .withInitializer(dev.breaker.client.OutboundHttpBreakersTest.hosts("payments.example.com", "payment"))
                .run(context -> assertThat(context.getBean(HttpRequestPath.class).interceptor()).isTrue());
    }

    @Test
    void leavesWebClientAloneWithoutWebFlux() {
        runner.withPropertyValues("breaker.http.enabled=true")
                .withClassLoader(new FilteredClassLoader(WebClient.class))
                .run(context -> assertThat(context).hasSingleBean(BreakerHttpRequestInterceptor.class)
                        .doesNotHaveBean(BreakerExchangeFilterFunction.class).doesNotHaveBean(WebClientCustomizer.class));
    }

    @Test
    void backsOffFromAnApplicationsOwnHttpBreakers() {
        runner.withPropertyValues("breaker.http.enabled=true", "breaker.http.failure-statuses=not-a-status")
                .withUserConfiguration(OwnHttpBreakers.class)
                .run(context -> assertThat(context).hasNotFailed().getBean(HttpBreakers.class)
                        .isSameAs(context.getBean("mine")));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnHttpBreakers {

        @org.springframework.context.annotation.Bean
        HttpBreakers mine(GuardRegistry guards) {
            return new HttpBreakers(guards, Map.of(), HttpStatuses.parse(List.of("4xx")), false, 10);
        }
    }

    @Test
    void failsStartupOnBadSettingsNamingTheProperty() {
        assertFailure("breaker.http.failure-statuses=5xx,6xx", "Invalid breaker setting: breaker.http.failure-statuses[1]"
                + " is '6xx', but it must be a status class (1xx to 5xx) or a status code from 100 to 599");
        runner.withPropertyValues("breaker.http.enabled=true")
                .withInitializer(dev.breaker.client.OutboundHttpBreakersTest.hosts("https://payments.example.com", "payment"))
                .run(context -> StartupFailures.assertAnalysis(context, "Invalid breaker setting:"
                + " breaker.http.hosts[https://payments.example.com] is 'https://payments.example.com', but it must be"
                + " a host, optionally with :port and a /path prefix", null));
        assertFailure("breaker.http.max-hosts=0", "Invalid breaker setting: breaker.http.max-hosts is 0, but it must be"
                + " at least 1");
        assertFailure("breaker.http.default-profile=remtoe", "breaker.http.default-profile names profile 'remtoe',"
                + " which does not exist. Profiles that exist: [remote].", "breaker.profiles.remote.wait-duration-in-open-state=30s");
        assertFailure("breaker.http.hosts[payments.example.com]=paymnt", "breaker.require-configured-names is true, but"
                + " breaker.http.hosts[payments.example.com] maps the host to breaker 'paymnt', which matches no"
                + " breaker.instances or breaker.profiles entry (did you mean 'payment'?).",
                "breaker.require-configured-names=true", "breaker.profiles.payment.wait-duration-in-open-state=30s");
    }

    private void assertFailure(String setting, String description, String... more) {
        runner.withPropertyValues("breaker.http.enabled=true", setting).withPropertyValues(more)
                .run(context -> StartupFailures.assertAnalysis(context, description, null));
    }
}
