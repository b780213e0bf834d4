package dev.breaker.sample.payment;

import dev.breaker.sample.FallbackReason;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a payment: {@code "paid"} by the gateway, or {@code "queued"} for later by the fallback
 * (HTTP 202), with why the gateway was not used.
 *
 * @param status {@code "paid"} or {@code "queued"}
 * @param chargeId the gateway's charge, when paid
 * @param fallback why the fallback answered, when queued
 * @param reason the failure or rejection behind the fallback, when queued
 */
public record PaymentResult(String status, @Nullable String orderId, @Nullable BigDecimal amount,
        @Nullable String currency, @Nullable String chargeId, @Nullable FallbackReason fallback,
        @Nullable String reason) {

    static final String PAID = "paid";
    static final String QUEUED = "queued";

    static PaymentResult paid(PaymentRequest request, String chargeId) {
        return new PaymentResult(PAID, request.orderId(), request.amount(), request.currency(), chargeId, null, null);
    }

    static PaymentResult queued(PaymentRequest request, Throwable cause) {
        return new PaymentResult(QUEUED, request.orderId(), request.amount(), request.currency(), null,
                FallbackReason.of(cause), String.valueOf(cause.getMessage()));
    }

    /** Whether the payment was queued rather than made (not named isQueued: it is no JSON property). */
    boolean queued() {
        return QUEUED.equals(status);
    }
}
