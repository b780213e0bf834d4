package dev.breaker.sample.payment;

import dev.breaker.sample.FallbackReason;
import java.time.Instant;

/**
 * A payment the fallback put aside, as listed by {@code GET /api/payments/queued}.
 *
 * @param fallback why the gateway was not used
 */
public record QueuedPayment(PaymentRequest request, Instant queuedAt, FallbackReason fallback) {
}
