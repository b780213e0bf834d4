package dev.breaker;

/**
 * Hears about every fallback a {@link Guard} runs, for example to count fallback calls by result. In a Spring
 * application, declare one as a bean: every guard (the {@code @CircuitBreaker} advisor's too) calls every such
 * bean, in order. Called on the thread that ran the fallback (for asynchronous and reactive calls: where the
 * fallback's result completed). An exception thrown by a listener is logged and never reaches the caller.
 */
@FunctionalInterface
public interface FallbackListener {

    /**
     * A fallback ran.
     *
     * @param breaker the breaker whose call failed or was rejected
     * @param cause what sent the call to the fallback: the call's exception, or a
     *        {@link CallNotPermittedException} when the breaker rejected it
     * @param succeeded whether the fallback produced a result ({@code false}: it threw or failed)
     */
    void onFallback(Breaker breaker, Throwable cause, boolean succeeded);

    /** Hears nothing. */
    FallbackListener NONE = (breaker, cause, succeeded) -> { };
}
