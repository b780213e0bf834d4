package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.sample.payment.PaymentQueueStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The payment queue, made small: once it is full a payment answers 503 and says it was not queued (however many
 * clients pay at once), and once the breaker closes the queued payments go to the gateway and leave the queue;
 * one the gateway still fails stays.
 */
@TestPropertySource(properties = "sample.payments.queue.capacity=5")
class PaymentQueueTest extends SampleHttpTest {

    private static final AtomicInteger orders = new AtomicInteger();

    @Autowired
    BreakerRegistry breakers;

    private RestTestClient.ResponseSpec pay(String orderId) {
        return http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"" + orderId + "\",\"amount\":25.00}").exchange();
    }

    private static String nextOrder() {
        return "q-" + orders.incrementAndGet();
    }

    private PaymentQueueStatus queue() {
        PaymentQueueStatus status = http.get().uri("/api/payments/queue").exchange().expectStatus().isOk()
                .expectBody(PaymentQueueStatus.class).returnResult().getResponseBody();
        assertThat(status).isNotNull();
        return status;
    }

    private Breaker payment() {
        return breakers.find("payment").orElseThrow();
    }

    @Test
    void aFullQueueRefusesPaymentsPlainlyAndDrainsOnceTheBreakerCloses() {
        long drainedBefore = queue().drained();
        putChaos("payment", "{\"failureRate\":1.0}").expectStatus().isOk();

        // The gateway fails: payments are queued (202) until the queue holds its 5...
        int queued = 0;
        while (queue().size() < 5) {
            pay(nextOrder()).expectStatus().isAccepted().expectBody().jsonPath("$.status").isEqualTo("queued");
            assertThat(++queued).as("payments sent to fill the queue").isLessThanOrEqualTo(5);
        }
        // ...then the answer says the payment was not taken.
        String refused = nextOrder();
        pay(refused).expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:problem-type:breaker-sample:payment-not-queued")
                .jsonPath("$.title").isEqualTo("Payment not queued")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.detail").isEqualTo("The payment gateway is unavailable and the queue of 5 pending"
                        + " payments is full: the payment of order '" + refused + "' was NOT queued and will not be"
                        + " made; send it again later")
                .jsonPath("$.orderId").isEqualTo(refused)
                .jsonPath("$.queued").isEqualTo(false)
                .jsonPath("$.fallback").isNotEmpty()
                .jsonPath("$.queueCapacity").isEqualTo(5);
        assertThat(queue()).isEqualTo(new PaymentQueueStatus(5, 5, false, drainedBefore));
        http.get().uri("/api/payments/queued").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(5)
                .jsonPath("$[?(@.request.orderId == '" + refused + "')]").doesNotExist();
        assertBreakerState("payment", "OPEN");

        // The gateway recovers; after the open wait, trial payments go through and close the breaker.
        http.delete().uri("/chaos/payment").exchange().expectStatus().isOk();
        await().atMost(PATIENCE).untilAsserted(() -> {
            pay(nextOrder());
            assertBreakerState("payment", "CLOSED");
        });

        // The queued payments are made, and leave the queue.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(queue()).isEqualTo(new PaymentQueueStatus(0, 5, false, drainedBefore + 5)));
        http.get().uri("/api/payments/queued").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        assertBreakerState("payment", "CLOSED");
        pay(nextOrder()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("paid");
    }

    @Test
    void sixteenClientsAtOnceGetA202ForEachQueuedPaymentAndA503ForEachOther() throws Exception {
        long drainedBefore = queue().drained();
        payment().transitionToForcedOpenState();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                answers.add(clients.submit(() -> pay(nextOrder()).returnResult(String.class).getStatus().value()));
            }
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> answer : answers) {
                byStatus.merge(answer.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(202, 5, 503, 59));
        } finally {
            clients.shutdownNow();
        }
        assertThat(queue()).isEqualTo(new PaymentQueueStatus(5, 5, false, drainedBefore));

        payment().transitionToClosedState();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(queue()).isEqualTo(new PaymentQueueStatus(0, 5, false, drainedBefore + 5)));
    }

    @Test
    void aQueuedPaymentTheGatewayStillFailsStaysAtTheHeadUntilTheBreakerClosesAgain() {
        long drainedBefore = queue().drained();
        payment().transitionToForcedOpenState();
        String first = nextOrder();
        pay(first).expectStatus().isAccepted().expectBody().jsonPath("$.fallback").isEqualTo("REJECTED");
        pay(nextOrder()).expectStatus().isAccepted();
        pay(nextOrder()).expectStatus().isAccepted();

        // Closed by an operator while the gateway still fails: the first payment fails again and draining stops.
        putChaos("payment", "{\"failureRate\":1.0}").expectStatus().isOk();
        payment().transitionToClosedState();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(queue()).isEqualTo(new PaymentQueueStatus(3, 5, false, drainedBefore));
            assertThat(payment().metrics().failedCalls()).as("each attempt of the first payment").isEqualTo(3);
        });
        http.get().uri("/api/payments/queued").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].request.orderId").isEqualTo(first);

        // The next time the breaker closes, with the gateway back, all three are made.
        http.delete().uri("/chaos/payment").exchange().expectStatus().isOk();
        payment().transitionToForcedOpenState();
        payment().transitionToClosedState();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(queue()).isEqualTo(new PaymentQueueStatus(0, 5, false, drainedBefore + 3)));
    }
}
