/**
 * The engine behind {@link dev.breaker.Breaker}: one small class per state, the sliding windows, and
 * the timer. Not API: only {@link dev.breaker.internal.DefaultBreaker},
 * {@link dev.breaker.internal.DefaultBreakerRegistry} and {@link dev.breaker.internal.DaemonScheduler}
 * are public, so that the API's factories can reach them.
 */
@NullMarked
package dev.breaker.internal;

import org.jspecify.annotations.NullMarked;
