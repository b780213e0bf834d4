package dev.breaker.sample.analytics;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.sample.DownstreamClient;
import dev.breaker.sample.FallbackReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * Sends events to the analytics collector, behind the breaker {@code analytics}. Analytics is best effort:
 * when the collector fails or the breaker has stopped calling it, {@link #drop} discards the event and counts
 * it ({@code sample.analytics.events.dropped}), so the loss is visible without costing the user anything.
 */
@Service
public class AnalyticsService {

    private final DownstreamClient downstream;
    private final AtomicLong dropped = new AtomicLong();

    public AnalyticsService(DownstreamClient downstream, MeterRegistry meters) {
        this.downstream = downstream;
        FunctionCounter.builder("sample.analytics.events.dropped", dropped, AtomicLong::get)
                .description("Analytics events dropped by the fallback of the analytics breaker")
                .register(meters);
    }

    @CircuitBreaker(name = "analytics", fallbackMethod = "drop")
    public EventReceipt send(AnalyticsEvent event) {
        downstream.rest().post().uri("/analytics").body(event).retrieve().toBodilessEntity();
        return new EventReceipt("recorded", event.name(), dropped.get(), null);
    }

    /** The fallback: never calls the collector; the event is lost, and counted. */
    EventReceipt drop(AnalyticsEvent event, Throwable cause) {
        return new EventReceipt("dropped", event.name(), dropped.incrementAndGet(), FallbackReason.of(cause));
    }
}
