/**
 * Reactor support shared by every reactive entry point ({@code @CircuitBreaker} methods, WebClient, Spring
 * Cloud): a {@code Mono} or {@code Flux} run under a {@link dev.breaker.Guard}'s rules with Reactor's own
 * operators. Loaded only when Reactor is on the classpath.
 */
@NullMarked
package dev.breaker.reactor;

import org.jspecify.annotations.NullMarked;
