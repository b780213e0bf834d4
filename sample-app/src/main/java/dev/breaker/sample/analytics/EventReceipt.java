package dev.breaker.sample.analytics;

import dev.breaker.sample.FallbackReason;
import org.jspecify.annotations.Nullable;

/**
 * The answer to an analytics event: {@code "recorded"} by the collector, or {@code "dropped"} by the fallback.
 *
 * @param droppedTotal events dropped since startup, including this one
 * @param fallback why the fallback answered, or {@code null} when recorded
 */
public record EventReceipt(String status, @Nullable String name, long droppedTotal, @Nullable FallbackReason fallback) {
}
