package dev.breaker.sample.payment;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.sample.DownstreamClient;
import org.springframework.stereotype.Service;

/**
 * Charges payments through the gateway, behind the breaker {@code payment}. When the gateway fails, or the
 * breaker has stopped calling it, {@link #queueForLater} takes the payment instead: the customer gets an
 * answer at once and the gateway is left alone to recover. Once the breaker closes, {@link PaymentQueueDrainer}
 * sends the queued payments through {@link #payQueued}, behind the same breaker.
 */
@Service
public class PaymentService {

    /** The breaker, and its layers, that protect the gateway. */
    static final String BREAKER = "payment";

    private final DownstreamClient downstream;
    private final PaymentQueue queue;

    public PaymentService(DownstreamClient downstream, PaymentQueue queue) {
        this.downstream = downstream;
        this.queue = queue;
    }

    @CircuitBreaker(name = BREAKER, fallbackMethod = "queueForLater")
    public PaymentResult pay(PaymentRequest request) {
        return charge(request);
    }

    /**
     * A queued payment, sent again: the same breaker and layers as {@link #pay}, but no fallback. A payment that
     * fails again stays where it is in the queue rather than joining it a second time.
     */
    @CircuitBreaker(name = BREAKER)
    public PaymentResult payQueued(PaymentRequest request) {
        return charge(request);
    }

    /**
     * The fallback: never calls the gateway, only the local queue.
     *
     * @throws PaymentQueueFullException when the queue is full: the payment is refused, not dropped
     */
    PaymentResult queueForLater(PaymentRequest request, Throwable cause) {
        queue.add(request, cause);
        return PaymentResult.queued(request, cause);
    }

    private PaymentResult charge(PaymentRequest request) {
        Charge charge = downstream.rest().post().uri("/payment").body(request).retrieve().body(Charge.class);
        if (charge == null) {
            throw new IllegalStateException("The payment gateway answered without a charge");
        }
        return PaymentResult.paid(request, charge.chargeId());
    }

    /** The part of the gateway's answer this service needs. */
    record Charge(String chargeId) {
    }
}
