/** The {@link dev.breaker.annotation.CircuitBreaker} annotation; it needs no Spring types to compile against. */
@NullMarked
package dev.breaker.annotation;

import org.jspecify.annotations.NullMarked;
