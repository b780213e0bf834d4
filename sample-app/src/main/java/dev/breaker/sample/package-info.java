/**
 * The Breaker sample application: three services ({@code payment}, {@code search}, {@code analytics}) that
 * call their downstreams over HTTP through {@code @CircuitBreaker} methods, the simulated downstreams with a
 * chaos control, and a traffic driver to watch the breakers open and close.
 */
@NullMarked
package dev.breaker.sample;

import org.jspecify.annotations.NullMarked;
