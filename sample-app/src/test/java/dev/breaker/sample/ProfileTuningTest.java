package dev.breaker.sample;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * application-dev.yml and application-prod.yml really change the effective settings of the breakers, as the
 * endpoint reports them, against those of application.yml alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ProfileTuningTest {

    @Autowired
    RestTestClient http;

    RestTestClient.BodyContentSpec payment() {
        return http.get().uri("/actuator/circuitbreakers/payment").exchange().expectStatus().isOk().expectBody();
    }

    @Nested
    class WithoutProfile {

        @Test
        void paymentIsStrictWithAWindowThatOpensWithinSeconds() {
            payment().jsonPath("$.profile").isEqualTo("payment")
                    .jsonPath("$.config.failureRateThreshold").isEqualTo(20.0)
                    .jsonPath("$.config.slowCallDurationThreshold").isEqualTo("PT1S")
                    .jsonPath("$.config.waitDurationInOpenState").isEqualTo("PT30S")
                    .jsonPath("$.config.slidingWindowSize").isEqualTo(20)
                    .jsonPath("$.config.minimumNumberOfCalls").isEqualTo(10)
                    .jsonPath("$.config.automaticTransitionToHalfOpen").isEqualTo(false);
        }
    }

    @Nested
    @ActiveProfiles("prod")
    class Prod {

        @Test
        void paymentIsStricterWithALargerWindowAndLongerGrowingWaits() {
            payment().jsonPath("$.config.failureRateThreshold").isEqualTo(10.0)
                    .jsonPath("$.config.slowCallDurationThreshold").isEqualTo("PT1S")
                    .jsonPath("$.config.waitDurationInOpenState").isEqualTo("PT2M")
                    .jsonPath("$.config.waitDurationMultiplier").isEqualTo(2.0)
                    .jsonPath("$.config.maxWaitDurationInOpenState").isEqualTo("PT10M")
                    .jsonPath("$.config.waitDurationJitter").isEqualTo(0.2)
                    .jsonPath("$.config.slidingWindowSize").isEqualTo(100)
                    .jsonPath("$.config.minimumNumberOfCalls").isEqualTo(50);
        }
    }

    @Nested
    @ActiveProfiles("dev")
    class Dev {

        @Test
        void paymentIsTolerantAndRecoversQuickly() {
            payment().jsonPath("$.config.failureRateThreshold").isEqualTo(50.0)
                    .jsonPath("$.config.waitDurationInOpenState").isEqualTo("PT5S")
                    .jsonPath("$.config.automaticTransitionToHalfOpen").isEqualTo(true)
                    .jsonPath("$.config.slidingWindowSize").isEqualTo(10)
                    .jsonPath("$.config.minimumNumberOfCalls").isEqualTo(5);
        }
    }
}
