package dev.breaker.sample.analytics;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An event posted to {@code /api/analytics/events}, forwarded as is to the collector. Nullable because it
 * comes straight from JSON; {@link #problem()} is checked before the breaker.
 *
 * @param name what happened, e.g. {@code "checkout.viewed"}
 * @param properties free-form details
 */
public record AnalyticsEvent(@Nullable String name, @Nullable Map<String, Object> properties) {

    /** What is wrong with this event, or {@code null} when nothing is. */
    @Nullable String problem() {
        return (name == null || name.isBlank()) ? "name is required" : null;
    }
}
