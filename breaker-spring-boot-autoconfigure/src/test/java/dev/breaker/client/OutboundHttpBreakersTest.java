package dev.breaker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ManualClock;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerHttpClientAutoConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import reactor.core.publisher.Mono;

/**
 * The clients Boot auto-configures, against two real local servers, one of them failing: the failing host's
 * breaker opens and its requests are then rejected without reaching it, while the healthy host's keep passing.
 */
public class OutboundHttpBreakersTest {

    private final LocalHttpServer failing = LocalHttpServer.start().answer(500);
    private final LocalHttpServer healthy = LocalHttpServer.start().answer(200);
    private final ManualClock clock = new ManualClock();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                    BreakerHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class, CodecsAutoConfiguration.class,
                    RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
                    WebClientAutoConfiguration.class))
            .withBean(ManualClock.class, () -> clock)
            .withPropertyValues("breaker.http.enabled=true", "breaker.defaults.sliding-window-size=4",
                    "breaker.defaults.minimum-number-of-calls=4", "breaker.defaults.wait-duration-in-open-state=60s");

    @AfterEach
    void stopServers() {
        failing.close();
        healthy.close();
    }

    private static Breaker breaker(AssertableApplicationContext context, String name) {
        return context.getBean(BreakerRegistry.class).find(name).orElseThrow(() -> new AssertionError("no breaker " + name));
    }

    private static int status(RestClient client, URI uri) {
        return client.get().uri(uri).exchange((request, response) -> response.getStatusCode().value());
    }

    private static int status(WebClient client, URI uri) {
        return client.get().uri(uri)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(10));
    }

    /** Four failures open the failing host's breaker; the fifth request never reaches it. */
    private void assertFailingHostCutOffHealthyHostServed(AssertableApplicationContext context, Request request)
            throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(request.status(failing.uri("/orders/" + i))).isEqualTo(500); // the response, unchanged
        }
        assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.OPEN);
        assertThatThrownBy(() -> request.status(failing.uri("/orders/5"))).isInstanceOf(CallNotPermittedException.class)
                .hasMessageContaining(failing.breakerName());
        assertThat(failing.hits()).isEqualTo(4);

        for (int i = 0; i < 10; i++) {
            assertThat(request.status(healthy.uri("/stock/" + i))).isEqualTo(200);
        }
        assertThat(healthy.hits()).isEqualTo(10);
        assertThat(breaker(context, healthy.breakerName()).state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker(context, healthy.breakerName()).metrics().successfulCallsTotal()).isEqualTo(10);
    }

    /**
     * A {@code breaker.http.hosts} entry as a YAML file would give it: the test's {@code withPropertyValues} would
     * split {@code host:port} at the colon.
     */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> hosts(String key, String name) {
        return context -> context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("breaker.http.hosts", Map.of("breaker.http.hosts[" + key + "]", name)));
    }

    @FunctionalInterface
    interface Request {
        int status(URI uri) throws Exception;
    }

    @Test
    void restClientOpensTheFailingHostsBreakerOnly() {
        runner.run(context -> {
            // No breaker here retries: the breakers sit in the request factory Boot's builders build with.
            assertThat(context.getBean(dev.breaker.autoconfigure.HttpRequestPath.class).interceptor()).isFalse();
            RestClient client = context.getBean(RestClient.Builder.class).build();
            assertFailingHostCutOffHealthyHostServed(context, uri -> status(client, uri));
        });
    }

    @Test
    void restTemplateOpensTheFailingHostsBreakerOnly() {
        runner.run(context -> {
            RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
            assertFailingHostCutOffHealthyHostServed(context, uri -> {
                try {
                    return template.getForEntity(uri, String.class).getStatusCode().value();
                } catch (HttpServerErrorException serverError) {
                    return serverError.getStatusCode().value(); // RestTemplate's own status handling still applies
                }
            });
        });
    }

    @Test
    void webClientOpensTheFailingHostsBreakerOnlyAndErrorsTheMonoWhenRejected() {
        runner.run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class).build();
            assertFailingHostCutOffHealthyHostServed(context, uri -> status(client, uri));
            Mono<Integer> rejected = client.get().uri(failing.uri("/orders/6"))
                    .exchangeToMono(response -> Mono.just(response.statusCode().value()));
            assertThatThrownBy(() -> rejected.block(Duration.ofSeconds(10)))
                    .isInstanceOf(CallNotPermittedException.class);
        });
    }

    interface OrdersApi {
        @GetExchange("/orders")
        ResponseEntity<String> orders();
    }

    @Test
    void httpInterfaceClientsBuiltOnTheBuilderAreProtectedToo() {
        runner.run(context -> {
            RestClient.Builder builder = context.getBean(RestClient.Builder.class);
            OrdersApi failingApi = HttpServiceProxyFactory
                    .builderFor(RestClientAdapter.create(builder.clone().baseUrl(failing.uri("").toString()).build()))
                    .build().createClient(OrdersApi.class);
            OrdersApi healthyApi = HttpServiceProxyFactory
                    .builderFor(RestClientAdapter.create(builder.clone().baseUrl(healthy.uri("").toString()).build()))
                    .build().createClient(OrdersApi.class);
            assertFailingHostCutOffHealthyHostServed(context, uri -> {
                OrdersApi api = uri.getPort() == failing.port() ? failingApi : healthyApi;
                try {
                    return api.orders().getStatusCode().value();
                } catch (HttpServerErrorException serverError) {
                    return serverError.getStatusCode().value();
                }
            });
        });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.web.service.registry.ImportHttpServices(group = "orders", types = OrdersApi.class)
    static class OrdersServiceGroup {
    }

    @Test
    void bootsHttpServiceGroupsAreProtectedToo() {
        runner.withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration.class,
                        org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration.class))
                .withUserConfiguration(OrdersServiceGroup.class)
                .withPropertyValues("spring.http.serviceclient.orders.base-url=" + failing.uri(""))
                .run(context -> {
                    OrdersApi orders = context.getBean(OrdersApi.class);
                    for (int i = 0; i < 4; i++) {
                        assertThatThrownBy(orders::orders).isInstanceOf(HttpServerErrorException.class);
                    }
                    assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.OPEN);
                    assertThatThrownBy(orders::orders).isInstanceOf(CallNotPermittedException.class);
                    assertThat(failing.hits()).isEqualTo(4);
                });
    }

    @Test
    void aHandMadeBuilderIsProtectedWithOneCall() {
        runner.run(context -> {
            RestClient client = RestClient.builder()
                    .requestInterceptor(context.getBean(BreakerHttpRequestInterceptor.class)).build();
            assertFailingHostCutOffHealthyHostServed(context, uri -> status(client, uri));
        });
    }

    @Test
    void connectionRefusedCountsAsAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort + "/orders");
        runner.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> status(client, nobody)).isInstanceOf(ResourceAccessException.class);
            }
            assertThat(breaker(context, "http:127.0.0.1:" + closedPort).state()).isEqualTo(BreakerState.OPEN);
            assertThatThrownBy(() -> status(client, nobody)).isInstanceOf(CallNotPermittedException.class);
        });
    }

    @Test
    void aHangingHostTimesOutAndOpensWithoutHoldingTheCaller() {
        failing.hang();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
                        ImperativeHttpClientAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
                        RestClientAutoConfiguration.class))
                .withPropertyValues("breaker.http.enabled=true", "breaker.http.default-profile=remote",
                        "breaker.profiles.remote.timeout=200ms", "breaker.profiles.remote.sliding-window-size=2",
                        "breaker.profiles.remote.minimum-number-of-calls=2")
                .run(context -> {
                    RestClient client = context.getBean(RestClient.Builder.class).build();
                    for (int i = 0; i < 2; i++) {
                        assertThatThrownBy(() -> status(client, failing.uri("/slow")))
                                .isInstanceOf(ResourceAccessException.class)
                                .hasRootCauseInstanceOf(dev.breaker.CallTimeoutException.class)
                                .cause().isInstanceOf(HttpTimeoutException.class);
                    }
                    Breaker breaker = breaker(context, failing.breakerName());
                    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
                    assertThat(breaker.transitions().get(0).reason()).contains("failure rate 100%");
                    assertThatThrownBy(() -> status(client, failing.uri("/slow")))
                            .isInstanceOf(CallNotPermittedException.class);
                    assertThat(failing.hits()).isEqualTo(2);
                });
    }

    // ---- Retry-After ---------------------------------------------------------------------------

    @Test
    void retryAfterSecondsOpensTheHostsBreakerUntilThen() {
        failing.answer(503, "Retry-After", "30");
        runner.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            assertThat(status(client, failing.uri("/charge"))).isEqualTo(503);
            Breaker breaker = breaker(context, failing.breakerName());
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(breaker.transitions().get(0).reason()).isEqualTo(failing.host() + " asked to retry after 30s");
            assertThatThrownBy(() -> status(client, failing.uri("/charge"))).isInstanceOf(CallNotPermittedException.class);

            failing.answer(200);
            clock.advance(Duration.ofSeconds(30));
            assertThat(status(client, failing.uri("/charge"))).isEqualTo(200);
            assertThat(failing.hits()).isEqualTo(2);
        });
    }

    @Test
    void retryAfterDateIsHonouredAndCappedByTheMaximumOpenWait() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(clock.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(120).atOffset(ZoneOffset.UTC));
        failing.answer(429, "Retry-After", inTwoMinutes);
        runner.withPropertyValues("breaker.defaults.wait-duration-in-open-state=10s",
                "breaker.defaults.max-wait-duration-in-open-state=45s").run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class).build();
            assertThat(status(client, failing.uri("/charge"))).isEqualTo(429);
            Breaker breaker = breaker(context, failing.breakerName());
            assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
            assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(45));
            assertThat(breaker.transitions().get(0).reason()).startsWith(failing.host() + " asked to retry after 1")
                    .endsWith("s (capped at 45s by max-wait-duration-in-open-state)");
            // 429 is not a failure status by default: the breaker opened because it was asked to, not on a rate.
            assertThat(breaker.metrics().failedCallsTotal()).isZero();
        });
    }

    @Test
    void retryAfterIsIgnoredWhenNotHonoured() {
        failing.answer(503, "Retry-After", "30");
        runner.withPropertyValues("breaker.http.honor-retry-after=false").run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            assertThat(status(client, failing.uri("/charge"))).isEqualTo(503);
            assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.CLOSED);
            assertThat(breaker(context, failing.breakerName()).metrics().failedCallsTotal()).isEqualTo(1);
        });
    }

    // ---- what counts as a failure ------------------------------------------------------------------

    @Test
    void onlyTheConfiguredStatusesCountAsFailures() {
        failing.answer(429);
        runner.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 4; i++) {
                status(client, failing.uri("/busy"));
            }
            assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.CLOSED);
        });
        runner.withPropertyValues("breaker.http.failure-statuses=5xx,429").run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 4; i++) {
                status(client, failing.uri("/busy"));
            }
            assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.OPEN);
        });
    }

    // ---- mapping -----------------------------------------------------------------------------

    @Test
    void aMappedPathPrefixRunsThroughTheNamedBreakerWithItsProfile() {
        runner.withInitializer(hosts(failing.host() + "/payments", "payment"))
                .withPropertyValues("breaker.profiles.payment.sliding-window-size=2", "breaker.profiles.payment.minimum-number-of-calls=2")
                .run(context -> {
                    assertThat(context.getBean(dev.breaker.autoconfigure.BreakerProperties.class).getHttp().getHosts())
                            .containsEntry(failing.host() + "/payments", "payment");
                    RestClient client = context.getBean(RestClient.Builder.class).build();
                    assertThat(breaker(context, "payment").state()).isEqualTo(BreakerState.CLOSED); // from startup
                    status(client, failing.uri("/payments/1"));
                    status(client, failing.uri("/payments/2"));
                    assertThat(breaker(context, "payment").state()).isEqualTo(BreakerState.OPEN);
                    assertThatThrownBy(() -> status(client, failing.uri("/payments/3")))
                            .isInstanceOf(CallNotPermittedException.class).hasMessageContaining("'payment'");
                    // Another path of the same host has the host's own breaker, still closed.
                    assertThat(status(client, failing.uri("/refunds/1"))).isEqualTo(500);
                    assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.CLOSED);
                });
    }

    @Test
    void unmappedHostsGetTheDefaultProfile() {
        runner.withPropertyValues("breaker.http.default-profile=remote", "breaker.profiles.remote.minimum-number-of-calls=2",
                        "breaker.profiles.remote.sliding-window-size=2")
                .run(context -> {
                    RestClient client = context.getBean(RestClient.Builder.class).build();
                    status(client, failing.uri("/a"));
                    status(client, failing.uri("/b"));
                    assertThat(breaker(context, failing.breakerName()).state()).isEqualTo(BreakerState.OPEN);
                    assertThat(breaker(context, failing.breakerName()).config().minimumNumberOfCalls()).isEqualTo(2);
                });
    }

    @Test
    void hostsPastTheCapShareTheOverflowBreaker() {
        runner.withPropertyValues("breaker.http.max-hosts=2").run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            status(client, failing.uri("/a"));
            status(client, healthy.uri("/a"));
            // localhost is a third host name for the same server.
            status(client, URI.create("http://localhost:" + healthy.port() + "/a"));
            assertThat(context.getBean(BreakerRegistry.class).find("http:localhost:" + healthy.port())).isEmpty();
            assertThat(breaker(context, HttpBreakers.OVERFLOW).metrics().successfulCallsTotal()).isEqualTo(1);
        });
    }

    @Test
    void aMappedBreakersRetrySendsTheRequestAgainAndAnswersWithTheLastResponse() {
        ApplicationContextRunner retrying = runner.withInitializer(hosts(failing.host(), "orders"))
                .withPropertyValues("breaker.profiles.orders.retry.max-attempts=3",
                        "breaker.profiles.orders.retry.wait-duration=0s", "breaker.profiles.orders.sliding-window-size=10",
                        "breaker.profiles.orders.minimum-number-of-calls=10");
        retrying.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            assertThat(status(client, failing.uri("/orders"))).isEqualTo(500);
            assertThat(failing.hits()).isEqualTo(3);
            assertThat(breaker(context, "orders").metrics().failedCallsTotal()).isEqualTo(3);
        });
        retrying.run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class).build();
            assertThat(status(client, failing.uri("/orders"))).isEqualTo(500);
            assertThat(failing.hits()).isEqualTo(6);
            assertThat(breaker(context, "orders").metrics().failedCallsTotal()).isEqualTo(3);
        });
    }

    @Test
    void warnsOnceWhenHostsOverflow() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(HttpBreakers.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = logger.getLevel();
        log.start();
        logger.addAppender(log);
        logger.setLevel(ch.qos.logback.classic.Level.WARN); // logback-test.xml keeps it off the console
        logger.setAdditive(false);
        try {
            runner.withPropertyValues("breaker.http.max-hosts=1").run(context -> {
                RestClient client = context.getBean(RestClient.Builder.class).build();
                status(client, failing.uri("/a"));
                status(client, healthy.uri("/a"));
                status(client, URI.create("http://localhost:" + healthy.port() + "/a"));
            });
        } finally {
            logger.detachAppender(log);
            logger.setLevel(level);
            logger.setAdditive(true);
        }
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("Outbound HTTP breakers reached breaker.http.max-hosts"
                    + " (1): requests to " + healthy.host() + " and every other new host").contains("'http:other'");
        });
    }

    @Test
    void nothingChangesWithoutEnabled() {
        runner.withPropertyValues("breaker.http.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(HttpBreakers.class);
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 6; i++) {
                assertThat(status(client, failing.uri("/a"))).isEqualTo(500);
            }
            assertThat(failing.hits()).isEqualTo(6);
            assertThat(context.getBean(BreakerRegistry.class).breakers()).isEmpty();
        });
    }
}
