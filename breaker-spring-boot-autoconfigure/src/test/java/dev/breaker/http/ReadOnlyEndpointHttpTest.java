package dev.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Without opting in, the endpoint only reads: a write is refused and changes nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ReadOnlyEndpointHttpTest.App.class,
        properties = {"management.endpoints.web.exposure.include=circuitbreakers",
                "breaker.instances.payment.failure-rate-threshold=10"})
@AutoConfigureRestTestClient
class ReadOnlyEndpointHttpTest {

    @Autowired
    RestTestClient http;

    @Autowired
    BreakerRegistry registry;

    @Test
    void writesAreRefusedByDefault() {
        http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk();
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"state\":\"FORCED_OPEN\"}").exchange().expectStatus().is4xxClientError();
        http.post().uri("/actuator/circuitbreakers/payment").contentType(MediaType.APPLICATION_JSON)
                .body("{\"settings\":{\"failure-rate-threshold\":90}}").exchange().expectStatus().is4xxClientError();
        assertThat(registry.breaker("payment").state()).isEqualTo(BreakerState.CLOSED);
        assertThat(registry.breaker("payment").config().failureRateThreshold()).isEqualTo(10);
        assertThat(registry.breaker("payment").settingsChanges()).isEmpty();
    }

    /** Outbound HTTP breakers are named after hosts: http:api.example.com:8443. The name is its own URL segment. */
    @Test
    void aHostBreakerIsReadByItsName() {
        registry.breaker("http:api.example.com:8443");
        http.get().uri("/actuator/circuitbreakers/http:api.example.com:8443").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("CLOSED");
        http.get().uri("/actuator/circuitbreakers").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.circuitBreakers['http:api.example.com:8443'].state").isEqualTo("CLOSED");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
