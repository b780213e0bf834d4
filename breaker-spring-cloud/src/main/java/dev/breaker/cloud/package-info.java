/**
 * Breaker behind Spring Cloud CircuitBreaker: {@code CircuitBreakerFactory} and {@code ReactiveCircuitBreakerFactory}
 * implementations whose breakers are the application's Breaker breakers, by name.
 */
@NullMarked
package dev.breaker.cloud;

import org.jspecify.annotations.NullMarked;
