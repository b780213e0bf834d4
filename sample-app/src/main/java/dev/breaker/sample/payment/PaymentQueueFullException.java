package dev.breaker.sample.payment;

import dev.breaker.sample.FallbackReason;
import org.jspecify.annotations.Nullable;

/**
 * The gateway is unavailable and the queue that stands in for it is full too: the payment was not taken, neither
 * made nor queued, and the caller must be told so.
 */
public class PaymentQueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String orderId;
    private final int capacity;
    private final FallbackReason fallback;

    /** @param cause why the gateway was not used; the starter attaches it to this exception as suppressed */
    PaymentQueueFullException(PaymentRequest request, int capacity, Throwable cause) {
        super("The payment gateway is unavailable and the queue of " + capacity + " pending payments is full: the"
                + " payment of order '" + request.orderId() + "' was NOT queued and will not be made; send it again"
                + " later");
        this.orderId = request.orderId();
        this.capacity = capacity;
        this.fallback = FallbackReason.of(cause);
    }

    public @Nullable String orderId() {
        return orderId;
    }

    public int capacity() {
        return capacity;
    }

    /** Why the gateway was not used. */
    public FallbackReason fallback() {
        return fallback;
    }
}
