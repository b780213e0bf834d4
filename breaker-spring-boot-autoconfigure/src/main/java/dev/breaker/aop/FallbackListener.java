package dev.breaker.aop;

import dev.breaker.Breaker;

/**
 * Hears about every fallback run by the {@code @CircuitBreaker} advisor, for example to count fallback
 * calls by result. Declare one as a bean; the advisor calls every such bean, in order. Called on the
 * thread that ran the fallback (for asynchronous and reactive methods: where the fallback's result
 * completed). An exception thrown by a listener is logged and never reaches the caller.
 */
@FunctionalInterface
public interface FallbackListener {

    /**
     * A fallback ran.
     *
     * @param breaker the breaker whose call failed or was rejected
     * @param cause what sent the call to the fallback: the call's exception, or a
     *        {@link dev.breaker.CallNotPermittedException} when the breaker rejected it
     * @param succeeded whether the fallback produced a result ({@code false}: it threw or failed)
     */
    void onFallback(Breaker breaker, Throwable cause, boolean succeeded);
}
