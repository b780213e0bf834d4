package dev.breaker.sample.payment;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.sample.DownstreamClient;
import dev.breaker.sample.FallbackReason;
import org.springframework.stereotype.Service;

/**
 * Charges payments through the gateway, behind the breaker {@code payment}. When the gateway fails, or the
 * breaker has stopped calling it, {@link #queueForLater} takes the payment instead: the customer gets an
 * answer at once and the gateway is left alone to recover.
 */
@Service
public class PaymentService {

    private final DownstreamClient downstream;
    private final PaymentQueue queue;

    public PaymentService(DownstreamClient downstream, PaymentQueue queue) {
        this.downstream = downstream;
        this.queue = queue;
    }

    @CircuitBreaker(name = "payment", fallbackMethod = "queueForLater")
    public PaymentResult pay(PaymentRequest request) {
        Charge charge = downstream.rest().post().uri("/payment").body(request).retrieve().body(Charge.class);
        if (charge == null) {
            throw new IllegalStateException("The payment gateway answered without a charge");
        }
        return PaymentResult.paid(request, charge.chargeId());
    }

    /** The fallback: never calls the gateway, only the local queue. */
    PaymentResult queueForLater(PaymentRequest request, Throwable cause) {
        queue.add(request, FallbackReason.of(cause));
        return PaymentResult.queued(request, cause);
    }

    /** The part of the gateway's answer this service needs. */
    record Charge(String chargeId) {
    }
}
