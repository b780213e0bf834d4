package dev.breaker.sample.payment;

/**
 * The queue at a glance, as answered by {@code GET /api/payments/queue}.
 *
 * @param size payments waiting for the gateway
 * @param capacity how many it holds; when full, a payment answers 503 and is not taken
 * @param draining whether queued payments are being sent to the gateway now (the breaker has closed)
 * @param drained queued payments the gateway has made since the application started
 */
public record PaymentQueueStatus(int size, int capacity, boolean draining, long drained) {
}
