package dev.breaker.cloud.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.CallNotPermittedException;
import dev.breaker.actuate.CircuitBreakersEndpoint;
import dev.breaker.actuate.CircuitBreakersEndpoint.CircuitBreakersDescriptor;
import dev.breaker.autoconfigure.BreakerAutoConfiguration;
import dev.breaker.autoconfigure.BreakerEndpointAutoConfiguration;
import dev.breaker.autoconfigure.BreakerProperties;
import dev.breaker.cloud.autoconfigure.BreakerSpringCloudAutoConfiguration;
import feign.FeignException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.openfeign.CircuitBreakerNameResolver;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FallbackFactory;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Real OpenFeign clients, with {@code spring.cloud.openfeign.circuitbreaker.enabled}, against a real local server:
 * the breakers Feign asks this module's factory for are named as Feign names them, configured under
 * {@code breaker.*} by those names (from YAML and from a properties file, as in {@code docs/spring-cloud.md}), and
 * they open, reject without reaching the server, and hand fallbacks and fallback factories the cause.
 */
class FeignCircuitBreakerTest {

    private final FlakyServer server = new FlakyServer();

    private ApplicationContextRunner runner;

    @BeforeEach
    void start() {
        server.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BreakerAutoConfiguration.class,
                        BreakerEndpointAutoConfiguration.class, BreakerSpringCloudAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, FeignAutoConfiguration.class))
                .withUserConfiguration(Clients.class)
                .withPropertyValues("spring.cloud.openfeign.circuitbreaker.enabled=true", "orders.url=" + server.url(),
                        "management.endpoints.web.exposure.include=circuitbreakers");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"breakers.yml", "breakers.properties"})
    void byDefaultTheBreakerHasFeignsAlphanumericIdOpensAndTheFallbackAnswers(String file) {
        runner.withInitializer(configFile(file)).run(context -> {
            OrdersClient orders = context.getBean(OrdersClient.class);
            assertThat(orders.list()).isEqualTo("orders from the server");
            assertThat(breaker(context, "OrdersClientlist").config().slidingWindowSize()).isEqualTo(4);

            server.failing = true;
            for (int i = 0; i < 3; i++) {
                assertThat(orders.list()).isEqualTo("cached orders");
            }
            assertThat(server.hits).hasValue(4);
            // The profile's window of 4 is full: 1 success and 3 failures.
            assertThat(breaker(context, "OrdersClientlist").state()).isEqualTo(BreakerState.OPEN);

            server.failing = false;
            assertThat(orders.list()).isEqualTo("cached orders");
            assertThat(server.hits).as("an open breaker keeps calls from the server").hasValue(4);

            assertThat(endpoint(context).circuitBreakers().get("OrdersClientlist")).satisfies(listed -> {
                assertThat(listed.state()).isEqualTo(BreakerState.OPEN);
                assertThat(listed.profile()).isEqualTo("OrdersClientlist");
            });
            // One breaker per method: find(String) has its own, OrdersClientfindString, still closed.
            assertThat(orders.find("7")).isEqualTo("/orders/7 from the server");
            assertThat(breaker(context, "OrdersClientfindString").metrics().successfulCallsTotal()).isEqualTo(1);
            assertThat(endpoint(context).circuitBreakers().get("OrdersClientfindString").profile())
                    .isEqualTo("orders");
        });
    }

    @Test
    void theFallbackFactoryIsGivenTheFailureThenTheRejection() {
        runner.withInitializer(configFile("breakers.yml")).run(context -> {
            InvoicesClient invoices = context.getBean(InvoicesClient.class);
            server.failing = true;
            for (int i = 0; i < 5; i++) {
                assertThat(invoices.invoices()).isEqualTo("no invoices");
            }
            assertThat(server.hits).hasValue(4);
            assertThat(breaker(context, "InvoicesClientinvoices").state()).isEqualTo(BreakerState.OPEN);

            List<Throwable> causes = context.getBean(InvoicesFallbackFactory.class).causes;
            assertThat(causes).hasSize(5);
            assertThat(causes.subList(0, 4)).allSatisfy(cause -> assertThat(cause)
                    .isInstanceOfSatisfying(FeignException.class, feign -> assertThat(feign.status()).isEqualTo(500)));
            assertThat(causes.get(4)).isInstanceOf(CallNotPermittedException.class);
        });
    }

    @Test
    void withoutAFallbackTheCallerGetsSpringCloudsNoFallbackAvailableException() {
        runner.withInitializer(configFile("breakers.yml")).run(context -> {
            StockClient stock = context.getBean(StockClient.class);
            server.failing = true;
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(stock::stock).isInstanceOf(NoFallbackAvailableException.class)
                        .hasCauseInstanceOf(FeignException.InternalServerError.class);
            }
            assertThatThrownBy(stock::stock).isInstanceOf(NoFallbackAvailableException.class)
                    .hasCauseInstanceOf(CallNotPermittedException.class);
            assertThat(server.hits).hasValue(2);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"breakers.yml", "breakers.properties"})
    void withoutAlphanumericIdsTheBreakerIsNamedByFeignsConfigKeyInBrackets(String file) {
        runner.withInitializer(configFile(file))
                .withPropertyValues("spring.cloud.openfeign.circuitbreaker.alphanumeric-ids.enabled=false")
                .run(context -> {
                    OrdersClient orders = context.getBean(OrdersClient.class);
                    server.failing = true;
                    for (int i = 0; i < 5; i++) {
                        assertThat(orders.list()).isEqualTo("cached orders");
                    }
                    assertThat(server.hits).hasValue(4);
                    assertThat(breaker(context, "OrdersClient#list()").state()).isEqualTo(BreakerState.OPEN);
                    assertThat(endpoint(context).circuitBreakers().get("OrdersClient#list()")).satisfies(listed -> {
                        assertThat(listed.state()).isEqualTo(BreakerState.OPEN);
                        assertThat(listed.profile()).isEqualTo("OrdersClient#list()");
                    });

                    // breaker.instances[OrdersClient#find(String)].profile: orders, a window of 2.
                    for (int i = 0; i < 3; i++) {
                        assertThat(orders.find("7")).isEqualTo("cached order 7");
                    }
                    assertThat(server.hits).hasValue(6);
                    assertThat(breaker(context, "OrdersClient#find(String)").state()).isEqualTo(BreakerState.OPEN);
                    assertThat(context.getBean(BreakerRegistry.class).find("OrdersClientlist")).isEmpty();
                });
    }

    @Test
    void keysWithoutBracketsLoseFeignsCharactersAndEnvironmentVariablesTheCase() {
        runner.withPropertyValues("breaker.profiles.OrdersClient#list().minimum-number-of-calls=1")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new SystemEnvironmentPropertySource("systemEnvironment",
                                Map.of("BREAKER_PROFILES_ORDERSCLIENTLIST_SLIDINGWINDOWSIZE", "7",
                                        "BREAKER_PROFILES_ORDERSCLIENTFINDSTRING_SLIDINGWINDOWSIZE", "7"))))
                .run(context -> {
                    OrdersClient orders = context.getBean(OrdersClient.class);
                    orders.list();
                    orders.find("7");
                    // The '#', '(' and ')' are dropped: the key configures the default (alphanumeric) name.
                    assertThat(breaker(context, "OrdersClientlist").config().minimumNumberOfCalls()).isEqualTo(1);
                    // A variable sets a key of a breaker profile that a file names...
                    assertThat(breaker(context, "OrdersClientlist").config().slidingWindowSize()).isEqualTo(7);
                    // ...but alone it names the profile in lower case, which no Feign breaker is called.
                    assertThat(breaker(context, "OrdersClientfindString").config().slidingWindowSize()).isEqualTo(100);
                    assertThat(context.getBean(BreakerProperties.class).getProfiles())
                            .containsKey("ordersclientfindstring").doesNotContainKey("OrdersClientfindString");
                });
    }

    @Test
    void theGroupOptionKeepsOneBreakerPerMethodNamedById() {
        runner.withInitializer(configFile("breakers.yml"))
                .withPropertyValues("spring.cloud.openfeign.circuitbreaker.group.enabled=true").run(context -> {
                    OrdersClient orders = context.getBean(OrdersClient.class);
                    orders.list();
                    orders.find("7");
                    // Breaker's factory leaves create(id, group) to Spring Cloud's default: create(id).
                    assertThat(breaker(context, "OrdersClientlist").metrics().successfulCallsTotal()).isEqualTo(1);
                    assertThat(breaker(context, "OrdersClientfindString").metrics().successfulCallsTotal())
                            .isEqualTo(1);
                    assertThat(context.getBean(BreakerRegistry.class).find("orders")).isEmpty();
                });
    }

    @Test
    void anApplicationsCircuitBreakerNameResolverNamesTheBreakers() {
        runner.withInitializer(configFile("breakers.yml")).withUserConfiguration(ByClientAndMethod.class)
                .withPropertyValues("breaker.profiles.orders-list.minimum-number-of-calls=1").run(context -> {
                    server.failing = true;
                    assertThat(context.getBean(OrdersClient.class).list()).isEqualTo("cached orders");
                    assertThat(breaker(context, "orders-list").state()).isEqualTo(BreakerState.OPEN);
                    assertThat(context.getBean(BreakerRegistry.class).find("OrdersClientlist")).isEmpty();
                });
    }

    private static Breaker breaker(AssertableApplicationContext context, String name) {
        return context.getBean(BreakerRegistry.class).find(name).orElseThrow();
    }

    private static CircuitBreakersDescriptor endpoint(AssertableApplicationContext context) {
        return context.getBean(CircuitBreakersEndpoint.class).circuitBreakers();
    }

    /** A configuration file read by Boot's own loaders, as application.yml and application.properties are. */
    private static ApplicationContextInitializer<ConfigurableApplicationContext> configFile(String name) {
        return context -> {
            PropertySourceLoader loader = name.endsWith(".yml") ? new YamlPropertySourceLoader()
                    : new PropertiesPropertySourceLoader();
            try {
                loader.load(name, new ClassPathResource("feign/" + name))
                        .forEach(source -> context.getEnvironment().getPropertySources().addLast(source));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        };
    }

    @FeignClient(name = "orders", url = "${orders.url}", fallback = OrdersFallback.class)
    interface OrdersClient {

        @GetMapping("/orders")
        String list();

        @GetMapping("/orders/{id}")
        String find(@PathVariable("id") String id);
    }

    static class OrdersFallback implements OrdersClient {

        @Override
        public String list() {
            return "cached orders";
        }

        @Override
        public String find(String id) {
            return "cached order " + id;
        }
    }

    @FeignClient(name = "invoices", url = "${orders.url}", fallbackFactory = InvoicesFallbackFactory.class)
    interface InvoicesClient {

        @GetMapping("/invoices")
        String invoices();
    }

    @FeignClient(name = "stock", url = "${orders.url}")
    interface StockClient {

        @GetMapping("/stock")
        String stock();
    }

    static class InvoicesFallbackFactory implements FallbackFactory<InvoicesClient> {

        final List<Throwable> causes = new CopyOnWriteArrayList<>();

        @Override
        public InvoicesClient create(Throwable cause) {
            causes.add(cause);
            return () -> "no invoices";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableFeignClients(clients = {OrdersClient.class, InvoicesClient.class, StockClient.class})
    static class Clients {

        @Bean
        OrdersFallback ordersFallback() {
            return new OrdersFallback();
        }

        @Bean
        InvoicesFallbackFactory invoicesFallbackFactory() {
            return new InvoicesFallbackFactory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ByClientAndMethod {

        @Bean
        CircuitBreakerNameResolver byClientAndMethod() {
            return (feignClientName, target, method) -> feignClientName + "-" + method.getName();
        }
    }

    /** Answers every path with 200, or 500 while {@link #failing}, and counts the requests that reach it. */
    static final class FlakyServer {

        final AtomicInteger hits = new AtomicInteger();
        volatile boolean failing;
        private HttpServer server;

        void start() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
            server.createContext("/", exchange -> {
                hits.incrementAndGet();
                String path = exchange.getRequestURI().getPath();
                byte[] body = (failing ? "down" : (path.equals("/orders") ? "orders" : path) + " from the server")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
