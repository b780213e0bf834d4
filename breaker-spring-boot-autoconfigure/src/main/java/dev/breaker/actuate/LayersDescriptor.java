package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.Bulkhead;
import dev.breaker.BulkheadConfig;
import dev.breaker.Retry;
import dev.breaker.RetryConfig;
import dev.breaker.Timeout;
import dev.breaker.Guard;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The layers around a breaker, each with its settings and figures; {@code null} when the layer is off.
 * Durations are ISO-8601 strings, counts are since startup.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LayersDescriptor(@Nullable TimeoutDescriptor timeout, @Nullable BulkheadDescriptor bulkhead,
        @Nullable RetryDescriptor retry) {

    /** No layer is on. */
    static final LayersDescriptor NONE = new LayersDescriptor(null, null, null);

    static LayersDescriptor of(@Nullable Guard layers) {
        if (layers == null) {
            return NONE;
        }
        return new LayersDescriptor(TimeoutDescriptor.of(layers.timeout()), BulkheadDescriptor.of(layers.bulkhead()),
                RetryDescriptor.of(layers.retry()));
    }

    /** {@code timeout}, and the calls that missed it. */
    public record TimeoutDescriptor(String duration, long timeouts) {

        static @Nullable TimeoutDescriptor of(@Nullable Timeout timeout) {
            return (timeout != null) ? new TimeoutDescriptor(timeout.duration().toString(), timeout.timeouts()) : null;
        }
    }

    /** {@code max-concurrent-calls} and {@code max-wait-duration}, free slots now, and calls rejected. */
    public record BulkheadDescriptor(int maxConcurrentCalls, String maxWaitDuration, int availableCalls,
            long rejectedCalls) {

        static @Nullable BulkheadDescriptor of(@Nullable Bulkhead bulkhead) {
            if (bulkhead == null) {
                return null;
            }
            BulkheadConfig c = bulkhead.config();
            return new BulkheadDescriptor(c.maxConcurrentCalls(), c.maxWaitDuration().toString(),
                    bulkhead.availableCalls(), bulkhead.rejectedCalls());
        }
    }

    /** The {@code retry.*} settings, and the calls by how they ended. */
    public record RetryDescriptor(int maxAttempts, String waitDuration, String backoff, double multiplier,
            String maxWaitDuration, double jitter, List<String> retryExceptions, List<String> ignoreExceptions,
            long successfulCallsWithoutRetry, long successfulCallsWithRetry, long failedCalls, long retryAttempts) {

        static @Nullable RetryDescriptor of(@Nullable Retry retry) {
            if (retry == null) {
                return null;
            }
            RetryConfig c = retry.config();
            return new RetryDescriptor(c.maxAttempts(), c.waitDuration().toString(),
                    c.backoff().name().toLowerCase(Locale.ROOT), c.multiplier(), c.maxWaitDuration().toString(),
                    c.jitter(), c.retryExceptions().stream().map(Class::getName).toList(),
                    c.ignoreExceptions().stream().map(Class::getName).toList(), retry.successfulCallsWithoutRetry(),
                    retry.successfulCallsWithRetry(), retry.failedCalls(), retry.retryAttempts());
        }
    }
}
