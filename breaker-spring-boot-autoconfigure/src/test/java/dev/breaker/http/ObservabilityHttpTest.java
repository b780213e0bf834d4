package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.annotation.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's view over real HTTP: the endpoint, health 503 DEGRADED, probes, Prometheus, and 503 problems. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ObservabilityHttpTest.App.class,
        properties = {
                "management.endpoints.web.exposure.include=health,circuitbreakers,prometheus",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.circuitbreakers.access=unrestricted",
                "breaker.instances.payment.minimum-number-of-calls=2",
                "breaker.instances.payment.sliding-window-size=2",
                "breaker.instances.analytics.affects-health=false",
                "breaker.instances.shadow.mode=observe",
                "breaker.instances.shadow.minimum-number-of-calls=2",
                "breaker.instances.shadow.sliding-window-size=2"})
@AutoConfigureRestTestClient
class ObservabilityHttpTest {

    @Autowired
    RestTestClient http;

    @Autowired
    BreakerRegistry registry;

    @AfterEach
    void closeAll() {
        registry.breakers().forEach(b -> b.reset());
    }

    @Test
    void healthAnswers503DegradedWhileABreakerThatMattersIsOpenAndProbesStay200() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        forceOpen("payment");
        http.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.circuitBreakers.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.circuitBreakers.details.payment.state").isEqualTo("FORCED_OPEN");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        registry.breaker("payment").transitionToClosedState();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void aBreakerThatDoesNotAffectHealthKeepsItUp() {
        forceOpen("analytics");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.circuitBreakers.details.analytics.state").isEqualTo("FORCED_OPEN");
    }

    @Test
    void anObservingBreakerThatWouldBeOpenKeepsHealthUpAndIsCountedInPrometheus() {
        Breaker shadow = registry.breaker("shadow");
        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
        shadow.onError(Duration.ofMillis(5), new IllegalStateException("down"));
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.circuitBreakers.details.shadow.state").isEqualTo("CLOSED")
                .jsonPath("$.components.circuitBreakers.details.shadow.mode").isEqualTo("OBSERVE")
                .jsonPath("$.components.circuitBreakers.details.shadow.wouldBeState").isEqualTo("OPEN");
        http.get().uri("/actuator/circuitbreakers/shadow").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("CLOSED")
                .jsonPath("$.mode").isEqualTo("OBSERVE")
                .jsonPath("$.wouldBeState").isEqualTo("OPEN")
                .jsonPath("$.retryAfterSeconds").isEmpty();
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape).contains("circuit_breaker_would_open_total{name=\"shadow\"} 1.0")
                .contains("circuit_breaker_failure_rate_exceeded_total{name=\"shadow\"} 1.0")
                .contains("circuit_breaker_slow_call_rate_exceeded_total{name=\"shadow\"} 0.0");
    }

    @Test
    void theEndpointListsBreakersWithExactFieldTypes() {
        http.get().uri("/actuator/circuitbreakers").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.circuitBreakers.payment.state").isEqualTo("CLOSED")
                .jsonPath("$.circuitBreakers.payment.profile").isEmpty()
                .jsonPath("$.circuitBreakers.payment.failureRate").isEmpty()
                .jsonPath("$.circuitBreakers.payment.bufferedCalls").isEqualTo(0)
                .jsonPath("$.circuitBreakers.payment.failedCalls").isEqualTo(0)
                .jsonPath("$.circuitBreakers.payment.slowCalls").isEqualTo(0)
                .jsonPath("$.circuitBreakers.payment.slowCallRate").isEmpty()
                .jsonPath("$.circuitBreakers.payment.notPermittedCalls").isNumber() // a lifetime counter
                .jsonPath("$.circuitBreakers.payment.affectsHealth").isEqualTo(true)
                .jsonPath("$.circuitBreakers.payment.retryAfterSeconds").isEmpty()
                .jsonPath("$.circuitBreakers.analytics.affectsHealth").isEqualTo(false);
        http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.config.waitDurationInOpenState").isEqualTo("PT1M")
                .jsonPath("$.config.minimumNumberOfCalls").isEqualTo(2)
                .jsonPath("$.transitions").isArray();
        http.get().uri("/actuator/circuitbreakers/nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("No circuit breaker named 'nope'");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void writesChangeStateAndBadValuesAreRejectedWithTheAcceptedOnes() {
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"METRICS_ONLY\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail")
                .isEqualTo("state must be one of CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, but was 'METRICS_ONLY'");
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\": ").exchange().expectStatus().isBadRequest();
        assertThat(registry.breaker("payment").state()).isEqualTo(BreakerState.CLOSED);
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("FORCED_OPEN")
                .jsonPath("$.transitions[0].reason").isEqualTo("forced open by an operator");
        http.post().uri("/actuator/circuitbreakers/ghost").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange().expectStatus().isNotFound();
        assertThat(registry.find("ghost")).isEmpty();
    }

    @Test
    void prometheusShowsTheBreakerSeries() {
        http.get().uri("/api/pay").exchange().expectStatus().isOk();
        forceOpen("payment");
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape)
                .contains("circuit_breaker_state{name=\"payment\"} 3.0")
                .contains("circuit_breaker_calls_total{name=\"payment\",result=\"success\"} 1.0")
                .contains("circuit_breaker_calls_total{name=\"payment\",result=\"rejected\"} 0.0")
                .contains("circuit_breaker_slow_calls_total{name=\"payment\",result=\"failure\"} 0.0")
                .contains("circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.01\"}")
                .contains("circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"10.0\"}")
                .contains("circuit_breaker_call_duration_seconds_count{name=\"payment\"} 1")
                .contains("circuit_breaker_call_duration_seconds_sum{name=\"payment\"}")
                .contains("circuit_breaker_failure_rate{name=\"payment\"}")
                .contains("circuit_breaker_slow_call_rate{name=\"payment\"}")
                .contains("circuit_breaker_transitions_total{from=\"closed\",name=\"payment\",to=\"forced-open\"} 1.0")
                .contains("circuit_breaker_fallback_calls_total{name=\"payment\",result=\"success\"} 0.0")
                .contains("# HELP circuit_breaker_state ");
    }

    @Test
    void aRejectedCallEscapingAControllerAnswers503WithRetryAfterAndAProblem() {
        registry.breaker("payment").transitionToForcedOpenState();
        registry.breaker("payment").transitionToClosedState();
        http.get().uri("/api/fail").exchange().expectStatus().is5xxServerError();
        http.get().uri("/api/fail").exchange().expectStatus().is5xxServerError(); // opens: 2 of 2 failed
        http.get().uri("/api/pay").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "60")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.breaker").isEqualTo("payment")
                .jsonPath("$.state").isEqualTo("OPEN")
                .jsonPath("$.status").isEqualTo(503);
    }

    @Test
    void aFallbackThatThrowsPropagatesWithTheOriginalSuppressedAndIsCounted() {
        http.get().uri("/api/broken-fallback").exchange().expectStatus().is5xxServerError();
        assertThat(BrokenFallbackController.lastFailure.getMessage()).isEqualTo("fallback failed too");
        assertThat(BrokenFallbackController.lastFailure.getSuppressed()).singleElement()
                .satisfies(original -> assertThat(original).hasMessage("downstream down"));
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(scrape).contains("circuit_breaker_fallback_calls_total{name=\"inventory\",result=\"failure\"} 1.0");
    }

    @Test
    void aWriteWithoutAStateIsABadRequestAndChangesNothing() {
        int transitionsBefore = registry.breaker("payment").transitions().size();
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{}").exchange().expectStatus().isBadRequest();
        assertThat(registry.breaker("payment").state()).isEqualTo(BreakerState.CLOSED);
        assertThat(registry.breaker("payment").transitions()).hasSize(transitionsBefore);
    }

    private void forceOpen(String name) {
        http.post().uri("/actuator/circuitbreakers/" + name).contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange().expectStatus().isOk();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        PaymentController paymentController() {
            return new PaymentController();
        }

        @Bean
        BrokenFallbackController brokenFallbackController() {
            return new BrokenFallbackController();
        }
    }

    @RestController
    static class BrokenFallbackController {
        static volatile RuntimeException lastFailure;

        @GetMapping("/api/broken-fallback")
        public String call() {
            try {
                return self.stock();
            } catch (RuntimeException failure) {
                lastFailure = failure;
                throw failure;
            }
        }

        @Autowired
        @org.springframework.context.annotation.Lazy
        BrokenFallbackController self;

        @CircuitBreaker(name = "inventory", fallbackMethod = "fallback")
        public String stock() {
            throw new IllegalStateException("downstream down");
        }

        public String fallback(Throwable cause) {
            throw new IllegalStateException("fallback failed too");
        }
    }

    @RestController
    static class PaymentController {
        @CircuitBreaker(name = "payment")
        @GetMapping("/api/pay")
        public String pay() {
            return "paid";
        }

        @CircuitBreaker(name = "payment")
        @GetMapping("/api/fail")
        public String fail() {
            throw new IllegalStateException("downstream down");
        }
    }
}
