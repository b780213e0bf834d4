/**
 * Payments: the breaker {@code payment} (strict thresholds: a payment gateway that fails is not retried
 * blindly) protects the call to the gateway; while it is open, payments are queued for later instead.
 */
@NullMarked
package dev.breaker.sample.payment;

import org.jspecify.annotations.NullMarked;
