/**
 * The Breaker sample application: three services ({@code payment}, {@code search}, {@code analytics}) that
 * call their downstreams over HTTP through {@code @CircuitBreaker} methods, a fourth ({@code inventory}) whose
 * plain {@code RestClient} gets its breaker from {@code breaker.http}, the simulated downstreams with a chaos
 * control, and a traffic driver to watch the breakers open and close.
 */
@NullMarked
package dev.breaker.sample;

import org.jspecify.annotations.NullMarked;
