package dev.breaker.sample.payment;

/** The gateway is unavailable and the queue that stands in for it is full too: the payment cannot be taken. */
public class PaymentQueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PaymentQueueFullException(int capacity) {
        super("The payment gateway is unavailable and the queue of " + capacity + " pending payments is full");
    }
}
