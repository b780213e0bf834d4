/**
 * Fleet-wide breakers: breakers marked {@code shared: true} share their transitions with the other instances
 * of the application through Redis, off the calling threads.
 */
@NullMarked
package dev.breaker.shared;

import org.jspecify.annotations.NullMarked;
