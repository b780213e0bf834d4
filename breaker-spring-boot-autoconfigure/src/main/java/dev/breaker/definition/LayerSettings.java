package dev.breaker.definition;

import dev.breaker.BulkheadConfig;
import dev.breaker.RetryConfig;
import dev.breaker.TimeoutConfig;
import org.jspecify.annotations.Nullable;

/**
 * The layers a breaker's settings put around it, each {@code null} when off. A call passes through them
 * from the outside in: fallback, retry, circuit breaker, bulkhead, timeout, the method.
 *
 * @param timeout the {@code timeout}, or {@code null} when unset or 0
 * @param bulkhead the bulkhead ({@code max-concurrent-calls}, {@code max-wait-duration}), or {@code null} when
 * {@code max-concurrent-calls} is unset or 0
 * @param retry the {@code retry.*} settings, or {@code null} when {@code retry.max-attempts} is unset or 1
 */
public record LayerSettings(@Nullable TimeoutConfig timeout, @Nullable BulkheadConfig bulkhead,
        @Nullable RetryConfig retry) {

    /** No layer: the breaker alone. */
    public static final LayerSettings NONE = new LayerSettings(null, null, null);

    /** Whether any layer is on. */
    public boolean any() {
        return timeout != null || bulkhead != null || retry != null;
    }
}
