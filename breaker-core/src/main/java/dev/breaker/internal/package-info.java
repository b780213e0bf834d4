/**
 * The engine behind {@link dev.breaker.Breaker}: one small class per state, the sliding windows, and
 * the timer. Not API: only {@link dev.breaker.internal.DefaultBreaker},
 * {@link dev.breaker.internal.DefaultBreakerRegistry}, {@link dev.breaker.internal.DaemonScheduler} and
 * {@link dev.breaker.internal.ExceptionClassifier} are public, so that the API's factories and
 * {@link dev.breaker.BreakerConfig} can reach them.
 */
@NullMarked
package dev.breaker.internal;

import org.jspecify.annotations.NullMarked;
