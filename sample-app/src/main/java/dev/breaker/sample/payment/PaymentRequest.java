package dev.breaker.sample.payment;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A payment to make, as posted to {@code /api/payments}. Fields are nullable because they come straight
 * from JSON; {@link #problem()} is checked before the breaker, so a bad request never counts as a
 * failure of the gateway.
 *
 * @param orderId the order being paid
 * @param amount a positive amount
 * @param currency an ISO 4217 code; EUR when omitted
 */
public record PaymentRequest(@Nullable String orderId, @Nullable BigDecimal amount, @Nullable String currency) {

    public PaymentRequest {
        currency = (currency == null || currency.isBlank()) ? "EUR" : currency;
    }

    /** What is wrong with this request, or {@code null} when nothing is. */
    @Nullable String problem() {
        if (orderId == null || orderId.isBlank()) {
            return "orderId is required";
        }
        if (amount == null || amount.signum() <= 0) {
            return "amount must be a positive number, but was " + amount;
        }
        return null;
    }
}
