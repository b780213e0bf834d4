/** The Spring AOP advisor that gives {@link dev.breaker.annotation.CircuitBreaker} its behaviour. */
@NullMarked
package dev.breaker.aop;

import org.jspecify.annotations.NullMarked;
