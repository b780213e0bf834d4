package dev.breaker.sample.payment;

import dev.breaker.sample.FallbackReason;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.stereotype.Component;

/**
 * Payments waiting for the gateway to come back. In memory and bounded, as befits a sample: a real
 * application would use a durable queue and drain it once the breaker closes. When full it refuses rather
 * than drops: a payment must never vanish silently.
 */
@Component
public class PaymentQueue {

    static final int CAPACITY = 1_000;

    private final BlockingQueue<QueuedPayment> queue = new LinkedBlockingQueue<>(CAPACITY);

    /** Queues {@code request}; throws {@link PaymentQueueFullException} when the queue is full. */
    QueuedPayment add(PaymentRequest request, FallbackReason reason) {
        QueuedPayment queued = new QueuedPayment(request, Instant.now(), reason);
        if (!queue.offer(queued)) {
            throw new PaymentQueueFullException(CAPACITY);
        }
        return queued;
    }

    /** The queued payments, oldest first. */
    public List<QueuedPayment> list() {
        return List.copyOf(queue);
    }
}
