/**
 * Spring Cloud Gateway (server WebFlux) on Breaker: the {@code CircuitBreaker} route filter, whose breakers are the
 * application's Breaker breakers.
 */
@NullMarked
package dev.breaker.cloud.gateway;

import org.jspecify.annotations.NullMarked;
