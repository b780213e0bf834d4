package dev.breaker.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FallbackListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A real Gateway (WebFlux on Netty) in front of a real failing backend, its routes protected by the
 * {@code CircuitBreaker} filter on Breaker: state, rejections, fallback, the 503/504 answers and the endpoint.
 */
@SpringBootTest(classes = GatewayCircuitBreakerTest.GatewayApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "management.endpoints.web.exposure.include=circuitbreakers",
                // Each breaker opens once 4 calls have failed, and stays open for the whole test.
                "breaker.profiles.orders.sliding-window-size=4", "breaker.profiles.orders.minimum-number-of-calls=4",
                "breaker.profiles.orders.wait-duration-in-open-state=60s",
                "breaker.profiles.inventory.sliding-window-size=4",
                "breaker.profiles.inventory.minimum-number-of-calls=4",
                "breaker.profiles.inventory.wait-duration-in-open-state=60s",
                "breaker.profiles.slow.timeout=200ms",
                // statusCodes and a fallback: a 500 from the backend is a failure, answered by /fallback.
                "spring.cloud.gateway.server.webflux.routes[0].id=orders",
                "spring.cloud.gateway.server.webflux.routes[0].uri=${backend.uri}",
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/orders/**",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CircuitBreaker",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.name=orders",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.fallbackUri=forward:/fallback",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.statusCodes=500",
                // statusCodes without a fallback.
                "spring.cloud.gateway.server.webflux.routes[1].id=inventory",
                "spring.cloud.gateway.server.webflux.routes[1].uri=${backend.uri}",
                "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/inventory/**",
                "spring.cloud.gateway.server.webflux.routes[1].filters[0].name=CircuitBreaker",
                "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.name=inventory",
                "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.statusCodes=502",
                // Neither: the breaker's timeout layer alone.
                "spring.cloud.gateway.server.webflux.routes[2].id=slow",
                "spring.cloud.gateway.server.webflux.routes[2].uri=${backend.uri}",
                "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/slow/**",
                "spring.cloud.gateway.server.webflux.routes[2].filters[0]=CircuitBreaker=slow"})
@AutoConfigureWebTestClient
class GatewayCircuitBreakerTest {

    private static final Backend backend = Backend.start();

    @Autowired
    private WebTestClient client;

    @Autowired
    private BreakerRegistry breakers;

    @Autowired
    private Fallbacks fallbacks;

    /** A placeholder in the routes: Boot binds a list from one property source, so no element can come from here. */
    @DynamicPropertySource
    static void backendUri(DynamicPropertyRegistry registry) {
        registry.add("backend.uri", backend::uri);
    }

    @AfterAll
    static void stopBackend() {
        backend.stop();
    }

    private Breaker breaker(String name) {
        return breakers.find(name).orElseThrow();
    }

    @Test
    void failingStatusesFallBackThenTheOpenBreakerServesTheFallbackWithoutCallingTheBackend() {
        for (int i = 0; i < 4; i++) {
            client.get().uri("/orders/500").exchange().expectStatus().isOk().expectBody(String.class)
                    .isEqualTo("fallback after CircuitBreakerStatusCodeException");
        }
        assertThat(backend.hits("orders")).isEqualTo(4);
        assertThat(breaker("orders").state()).isEqualTo(BreakerState.OPEN);

        for (int i = 0; i < 3; i++) {
            client.get().uri("/orders/500").exchange().expectStatus().isOk().expectBody(String.class)
                    .isEqualTo("fallback after CallNotPermittedException");
        }
        assertThat(backend.hits("orders")).isEqualTo(4);
        assertThat(breaker("orders").metrics().notPermittedCallsTotal()).isEqualTo(3);
        // The listener hears a fallback once its answer completes, which may be just after the client has it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fallbacks.heard("orders"))
                .containsExactly("CircuitBreakerStatusCodeException succeeded",
                        "CircuitBreakerStatusCodeException succeeded", "CircuitBreakerStatusCodeException succeeded",
                        "CircuitBreakerStatusCodeException succeeded", "CallNotPermittedException succeeded",
                        "CallNotPermittedException succeeded", "CallNotPermittedException succeeded"));

        client.get().uri("/actuator/circuitbreakers/orders").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("OPEN").jsonPath("$.profile").isEqualTo("orders")
                .jsonPath("$.failedCalls").isEqualTo(4).jsonPath("$.notPermittedCalls").isEqualTo(3);
        client.get().uri("/actuator/circuitbreakers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.circuitBreakers.orders.state").isEqualTo("OPEN");
    }

    @Test
    void withoutFallbackUriTheBackendsStatusPassesThenTheOpenBreakerAnswers503WithRetryAfter() {
        for (int i = 0; i < 4; i++) {
            client.get().uri("/inventory/502").exchange().expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY);
        }
        assertThat(backend.hits("inventory")).isEqualTo(4);
        assertThat(breaker("inventory").state()).isEqualTo(BreakerState.OPEN);

        client.get().uri("/inventory/502").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER).expectHeader().value(HttpHeaders.RETRY_AFTER,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(50, 60));
        assertThat(backend.hits("inventory")).isEqualTo(4);
        assertThat(breaker("inventory").metrics().notPermittedCallsTotal()).isEqualTo(1);
        // No fallbackUri, no fallback: Gateway's filter hands the breaker one that answers with the error itself.
        assertThat(fallbacks.heard("inventory")).isEmpty();
    }

    @Test
    void aTimeoutWithoutFallbackUriAnswers504() {
        // Whether the request reached the backend in 200ms is not asserted: a cold first request may not.
        client.get().uri("/slow/200").exchange().expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(breaker("slow").metrics().failedCallsTotal()).isEqualTo(1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GatewayApp {

        /** The route's fallbackUri: says what sent the request here, as Gateway hands it over. */
        @Bean
        RouterFunction<ServerResponse> fallback() {
            return RouterFunctions.route(RequestPredicates.path("/fallback"), request -> {
                Throwable cause = request.exchange()
                        .getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
                return ServerResponse.ok().bodyValue("fallback after "
                        + (cause != null ? cause.getClass().getSimpleName() : "nothing"));
            });
        }

        @Bean
        Fallbacks fallbacks() {
            return new Fallbacks();
        }
    }

    /** What the breakers' fallback listener (the fallback meters' source) hears, by breaker. */
    static final class Fallbacks implements FallbackListener {

        private final Map<String, List<String>> heard = new ConcurrentHashMap<>();

        @Override
        public void onFallback(Breaker breaker, Throwable cause, boolean succeeded) {
            heard.computeIfAbsent(breaker.name(), name -> new CopyOnWriteArrayList<>())
                    .add(cause.getClass().getSimpleName() + (succeeded ? " succeeded" : " failed"));
        }

        List<String> heard(String breaker) {
            return heard.getOrDefault(breaker, List.of());
        }
    }

    /**
     * A backend on a free local port, answering {@code /{name}/{status}} with that status and counting the hits by
     * name; {@code /slow/...} answers only when the test class ends, long after the breaker's timeout.
     */
    static final class Backend {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        private final CountDownLatch released = new CountDownLatch(1);

        private Backend(HttpServer server) {
            this.server = server;
            server.createContext("/", this::answer);
            server.setExecutor(executor);
            server.start();
        }

        static Backend start() {
            try {
                return new Backend(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        }

        private void answer(HttpExchange exchange) throws IOException {
            String[] path = exchange.getRequestURI().getPath().split("/");
            hits.computeIfAbsent(path[1], name -> new AtomicInteger()).incrementAndGet();
            if (path[1].equals("slow")) {
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("backend answers " + path[2]).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(path[2]), body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        String uri() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        }

        int hits(String name) {
            AtomicInteger count = hits.get(name);
            return count == null ? 0 : count.get();
        }

        void stop() {
            released.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
