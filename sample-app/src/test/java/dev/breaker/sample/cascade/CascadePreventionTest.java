package dev.breaker.sample.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cascade a breaker exists to prevent, measured end to end: a payment gateway hangs far beyond the read
 * timeout while 100 clients keep paying, on a server with only 20 request threads. With the breaker, once
 * it opens, payments are answered by the fallback at once and an unrelated endpoint answers throughout.
 * Without it, every request thread waits on the gateway and the unrelated endpoint starves.
 * The figures are printed (and quoted in docs/reliability.md), never asserted: the machines are noisy.
 */
class CascadePreventionTest {

    private static final SlowGateway GATEWAY = start();

    private static SlowGateway start() {
        try {
            return new SlowGateway(10_000);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopGateway() {
        GATEWAY.close();
    }

    static void slowGatewayAndSmallThreadPool(DynamicPropertyRegistry registry) {
        registry.add("sample.downstream.base-url", GATEWAY::baseUrl);
        registry.add("server.tomcat.threads.max", () -> "20");
        registry.add("server.tomcat.threads.min-spare", () -> "20");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithTheBreaker {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            slowGatewayAndSmallThreadPool(registry);
        }

        @LocalServerPort
        int port;

        @Autowired
        BreakerRegistry breakers;

        @Test
        void fallbacksAnswerAndTheRestOfTheApplicationKeepsAnswering() throws Exception {
            CascadeLoad load = new CascadeLoad(port).run();
            System.out.println(load.report("with the breaker"));
            assertThat(breakers.find("payment").orElseThrow().state()).isEqualTo(BreakerState.OPEN);
            assertThat(load.paymentsQueuedByFallback.get()).as("payments answered by the fallback").isPositive();
            assertThat(load.unrelatedFailed.get()).as("unrelated requests that failed").isZero();
            assertThat(load.unrelatedAnswered.get()).isPositive();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "breaker.enabled=false")
    class WithoutTheBreaker {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            slowGatewayAndSmallThreadPool(registry);
        }

        @LocalServerPort
        int port;

        @Test
        void everyRequestThreadWaitsOnTheGatewayAndTheRestOfTheApplicationStarves() throws Exception {
            CascadeLoad load = new CascadeLoad(port).run();
            System.out.println(load.report("without the breaker"));
            assertThat(load.paymentsQueuedByFallback.get()).as("no breaker, no fallback").isZero();
            assertThat(load.unrelatedFailed.get()).as("unrelated requests that timed out").isPositive();
        }
    }
}
