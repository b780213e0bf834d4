package dev.breaker.sample.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The queue of payments waiting for the gateway, and how fast it drains once the gateway is back.
 *
 * @param capacity how many payments the queue holds; when full, a payment is refused (503), never dropped
 * @param drainPause the pause between two queued payments sent to the gateway once the breaker closes: a
 *        gateway that has just recovered gets a steady trickle, not the whole backlog at once
 */
@ConfigurationProperties("sample.payments.queue")
public record PaymentQueueProperties(
        @DefaultValue("1000") int capacity,
        @DefaultValue("100ms") Duration drainPause) {

    public PaymentQueueProperties {
        if (capacity < 1) {
            throw new IllegalArgumentException("sample.payments.queue.capacity must be at least 1, but was " + capacity);
        }
        if (drainPause.isNegative()) {
            throw new IllegalArgumentException("sample.payments.queue.drain-pause must not be negative, but was "
                    + drainPause);
        }
    }
}
