/**
 * Payments: the breaker {@code payment} (strict thresholds: a payment gateway that fails is not retried
 * blindly) protects the call to the gateway; while it is open, payments are queued for later instead, and sent
 * at a steady pace once it closes. A payment that finds the queue full is refused with a 503, never dropped.
 */
@NullMarked
package dev.breaker.sample.payment;

import org.jspecify.annotations.NullMarked;
