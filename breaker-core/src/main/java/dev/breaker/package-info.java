/**
 * Breaker's public API: {@link dev.breaker.Breaker}, its immutable {@link dev.breaker.BreakerConfig},
 * the {@link dev.breaker.BreakerRegistry} of named breakers, and the listener and clock SPIs.
 */
@NullMarked
package dev.breaker;

import org.jspecify.annotations.NullMarked;
