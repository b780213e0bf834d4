/** Auto-configuration of Breaker's Spring Cloud CircuitBreaker factories. */
@NullMarked
package dev.breaker.cloud.autoconfigure;

import org.jspecify.annotations.NullMarked;
