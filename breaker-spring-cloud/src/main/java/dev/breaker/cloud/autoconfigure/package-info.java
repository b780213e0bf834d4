/**
 * Auto-configuration of Breaker's Spring Cloud CircuitBreaker factories, and of Spring Cloud Gateway's
 * {@code CircuitBreaker} filter on them.
 */
@NullMarked
package dev.breaker.cloud.autoconfigure;

import org.jspecify.annotations.NullMarked;
