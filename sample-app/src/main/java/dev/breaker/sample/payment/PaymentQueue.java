package dev.breaker.sample.payment;

import dev.breaker.sample.FallbackReason;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Payments waiting for the gateway to come back, oldest first; {@link PaymentQueueDrainer} sends them once the
 * breaker closes. In memory and bounded, as befits a sample: a real application would use a durable queue. When
 * full it refuses rather than drops: a payment must never vanish silently.
 */
@Component
public class PaymentQueue {

    private final int capacity;
    private final BlockingQueue<QueuedPayment> queue;

    public PaymentQueue(PaymentQueueProperties properties) {
        this.capacity = properties.capacity();
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /**
     * Queues {@code request}.
     *
     * @param cause why the gateway was not used
     * @throws PaymentQueueFullException when the queue is full: the payment was not queued
     */
    QueuedPayment add(PaymentRequest request, Throwable cause) {
        QueuedPayment queued = new QueuedPayment(request, Instant.now(), FallbackReason.of(cause));
        if (!queue.offer(queued)) {
            throw new PaymentQueueFullException(request, capacity, cause);
        }
        return queued;
    }

    /** The queued payments, oldest first. */
    public List<QueuedPayment> list() {
        return List.copyOf(queue);
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The oldest payment, left in the queue; {@code null} when there is none. */
    @Nullable QueuedPayment oldest() {
        return queue.peek();
    }

    /** Takes {@code payment} out, once the gateway has made it. */
    void remove(QueuedPayment payment) {
        queue.remove(payment);
    }
}
