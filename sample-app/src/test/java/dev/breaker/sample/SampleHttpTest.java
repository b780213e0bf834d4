package dev.breaker.sample;

import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.sample.downstream.Chaos;
import dev.breaker.sample.downstream.Downstream;
import dev.breaker.sample.payment.PaymentQueueDrainer;
import dev.breaker.sample.traffic.TrafficSummary;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The whole sample over real HTTP, with the {@code test} profile's tiny windows and short waits. Subclasses
 * share one application context, so each test starts from healthy downstreams, closed, empty breakers, and no
 * queued payments still on their way to the gateway from the test before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ActiveProfiles("test")
abstract class SampleHttpTest {

    /** The bound of every wait for a breaker to change state; the test profile needs a second or two. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    RestTestClient http;

    @Autowired
    private Chaos chaos;

    @Autowired
    private BreakerRegistry breakers;

    @Autowired
    private PaymentQueueDrainer drainer;

    @BeforeEach
    void startHealthy() {
        for (Downstream downstream : Downstream.values()) {
            chaos.heal(downstream);
        }
        // A breaker closed by the test before may have set queued payments on their way; let them arrive.
        await().atMost(PATIENCE).until(() -> !drainer.draining());
        breakers.breakers().forEach(Breaker::reset);
    }

    RestTestClient.ResponseSpec putChaos(String service, String json) {
        return http.put().uri("/chaos/{service}", service).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange();
    }

    TrafficSummary drive(String service, int calls) {
        TrafficSummary summary = http.post().uri("/traffic?service={service}&calls={calls}", service, calls)
                .exchange().expectStatus().isOk().expectBody(TrafficSummary.class).returnResult().getResponseBody();
        if (summary == null) {
            throw new AssertionError("POST /traffic answered without a body");
        }
        return summary;
    }

    /** Asserts (throws AssertionError otherwise) that {@code /actuator/circuitbreakers} shows the state. */
    void assertBreakerState(String breaker, String state) {
        http.get().uri("/actuator/circuitbreakers").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.circuitBreakers." + breaker + ".state").isEqualTo(state);
    }

    String prometheus() {
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        return (scrape != null) ? scrape : "";
    }
}
