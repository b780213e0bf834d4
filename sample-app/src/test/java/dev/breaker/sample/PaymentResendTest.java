package dev.breaker.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.sample.downstream.PaymentLedger;
import dev.breaker.sample.payment.PaymentQueueStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Nothing lost: the payments the fallback queued while the gateway was down are sent again through the breaker
 * once it closes, on the drain thread, and each order is charged exactly once; a payment whose resend fails stays
 * queued where it was; a drain stops when the breaker opens again.
 */
class PaymentResendTest extends SampleHttpTest {

    private static final AtomicInteger orders = new AtomicInteger();

    @Autowired
    BreakerRegistry breakers;

    @Autowired
    PaymentLedger gateway;

    @Autowired
    MeterRegistry meters;

    /** Sends what tests before left queued (the gateway is healthy again), so each test counts its own payments. */
    @BeforeEach
    void emptyQueue() {
        if (queue().size() > 0) {
            payment().transitionToForcedOpenState();
            payment().transitionToClosedState();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(queue().size()).isZero());
        }
        payment().reset();
    }

    private static String nextOrder() {
        return "r-" + orders.incrementAndGet();
    }

    /** Pays {@code orderId}, answering the HTTP status: 200 paid, 202 queued. */
    private int pay(String orderId) {
        return payment(orderId).returnResult(String.class).getStatus().value();
    }

    private RestTestClient.ResponseSpec payment(String orderId) {
        return http.post().uri("/api/payments").contentType(MediaType.APPLICATION_JSON)
                .body("{\"orderId\":\"" + orderId + "\",\"amount\":25.00}").exchange();
    }

    private PaymentQueueStatus queue() {
        PaymentQueueStatus status = http.get().uri("/api/payments/queue").exchange().expectStatus().isOk()
                .expectBody(PaymentQueueStatus.class).returnResult().getResponseBody();
        assertThat(status).isNotNull();
        return status;
    }

    private String queued() {
        return http.get().uri("/api/payments/queued").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    private double resent(String outcome) {
        return meters.get("sample.payments.resent").tag("outcome", outcome).counter().count();
    }

    private Breaker payment() {
        return breakers.find("payment").orElseThrow();
    }

    /** Queues {@code count} payments with the breaker forced open, answering their order ids. */
    private List<String> queueWhileForcedOpen(int count) {
        payment().transitionToForcedOpenState();
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String order = nextOrder();
            assertThat(pay(order)).as("payment of %s", order).isEqualTo(202);
            queued.add(order);
        }
        return queued;
    }

    @Test
    void queuedPaymentsAreChargedExactlyOnceOnceTheBreakerClosesByItself() {
        double paidBefore = resent("paid");
        long drainedBefore = queue().drained();
        putChaos("payment", "{\"failureRate\":1.0}").expectStatus().isOk();
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String order = nextOrder();
            assertThat(pay(order)).as("payment of %s while the gateway fails", order).isEqualTo(202);
            answered.add(order);
        }
        assertBreakerState("payment", "OPEN");
        assertThat(queue().size()).isEqualTo(4);
        answered.forEach(order -> assertThat(gateway.chargeId(order)).as("charge of %s", order).isNull());

        // The gateway heals; after the 2 s open wait, trial payments close the breaker. Those sent before the
        // wait ends are rejected and queued too: every order answered 200 or 202 must end up charged, once.
        http.delete().uri("/chaos/payment").exchange().expectStatus().isOk();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String order = nextOrder();
            assertThat(pay(order)).isIn(200, 202);
            answered.add(order);
            assertBreakerState("payment", "CLOSED");
        });

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(queue().size()).isZero());
        assertThat(queued()).isEqualTo("[]");
        for (String order : answered) {
            assertThat(gateway.chargeId(order)).as("charge of %s", order).isNotNull();
            assertThat(gateway.requests(order)).as("charge requests of %s that reached the gateway", order)
                    .isEqualTo(1);
        }
        long resentNow = queue().drained() - drainedBefore;
        assertThat(resentNow).as("queued payments made by the drain").isGreaterThanOrEqualTo(4);
        assertThat(resent("paid") - paidBefore).isEqualTo(resentNow);
        assertThat(prometheus()).contains("sample_payments_resent_total{outcome=\"paid\"}")
                .contains("sample_payments_queued 0.0");
    }

    @Test
    void theDrainRunsOffTheThreadThatClosedTheBreaker() {
        List<String> queued = queueWhileForcedOpen(3);
        putChaos("payment", "{\"latencyMs\":300}").expectStatus().isOk();

        long start = System.nanoTime();
        payment().transitionToClosedState();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        // Had the transition sent even one payment itself, it would have taken the gateway's 300 ms.
        assertThat(closing).isLessThan(Duration.ofMillis(300));
        assertThat(queue().size()).isEqualTo(3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(queue().size()).isZero());
        queued.forEach(order -> assertThat(gateway.requests(order)).as("requests of %s", order).isEqualTo(1));
    }

    @Test
    void aPaymentWhoseResendFailsStaysQueuedWhereItWasWithItsQueuedAt() {
        double failedBefore = resent("failed");
        List<String> queued = queueWhileForcedOpen(2);
        String before = queued();

        putChaos("payment", "{\"failureRate\":1.0}").expectStatus().isOk();
        payment().transitionToClosedState();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(resent("failed") - failedBefore).isEqualTo(1);
            assertThat(queue().draining()).isFalse();
        });

        // Same payments, same order, same queuedAt: the failed resend did not join the queue a second time.
        assertThat(queued()).isEqualTo(before);
        assertThat(queue().size()).isEqualTo(2);
        queued.forEach(order -> assertThat(gateway.chargeId(order)).as("charge of %s", order).isNull());
    }

    @Test
    void aDrainStopsWhenTheBreakerOpensAgainAndTheRestWaitsForTheNextClosing() {
        List<String> queued = queueWhileForcedOpen(6);
        putChaos("payment", "{\"latencyMs\":200}").expectStatus().isOk();
        long drainedBefore = queue().drained();

        payment().transitionToClosedState();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                .until(() -> queue().drained() > drainedBefore);
        payment().transitionToForcedOpenState();
        await().atMost(PATIENCE).until(() -> !queue().draining());

        PaymentQueueStatus stopped = queue();
        assertThat(stopped.size()).as("payments left when the breaker opened").isPositive();
        assertThat(stopped.size() + (stopped.drained() - drainedBefore)).isEqualTo(6);
        int made = 6 - stopped.size();
        for (int i = 0; i < 6; i++) {
            assertThat(gateway.requests(queued.get(i))).as("requests of %s", queued.get(i))
                    .isEqualTo(i < made ? 1 : 0);
        }

        payment().transitionToClosedState();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(queue().size()).isZero());
        queued.forEach(order -> assertThat(gateway.requests(order)).as("requests of %s", order).isEqualTo(1));
    }

    @Test
    void theGatewayChargesAnOrderOnceHoweverOftenItIsSent() {
        String order = nextOrder();
        String first = payment(order).expectStatus().isOk().returnResult(String.class).getResponseBody();
        String second = payment(order).expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(second).isEqualTo(first).contains("\"chargeId\":\"ch_");
        assertThat(gateway.requests(order)).isEqualTo(2);
    }
}
