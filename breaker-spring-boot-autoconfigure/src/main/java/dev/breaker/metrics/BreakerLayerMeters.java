package dev.breaker.metrics;

import dev.breaker.Bulkhead;
import dev.breaker.Guard;
import dev.breaker.Retry;
import dev.breaker.Timeout;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a breaker's layers, for the layers it has: {@code circuit_breaker_bulkhead_available_calls},
 * {@code circuit_breaker_bulkhead_rejected_calls_total}, {@code circuit_breaker_timeouts_total} and
 * {@code circuit_breaker_retry_calls_total{result}}, each tagged {@code name}. They read the layers' own
 * counters at scrape time, so a call pays nothing for them.
 */
final class BreakerLayerMeters {

    private static final String PREFIX = BreakerMeterBinder.PREFIX;

    private BreakerLayerMeters() {
    }

    static void bind(Guard layers, MeterRegistry meterRegistry) {
        Tags name = Tags.of("name", layers.name());
        Bulkhead bulkhead = layers.bulkhead();
        if (bulkhead != null) {
            Gauge.builder(PREFIX + ".bulkhead.available.calls", bulkhead, Bulkhead::availableCalls)
                    .description("Free slots of the bulkhead: calls that may start now")
                    .tags(name).register(meterRegistry);
            FunctionCounter.builder(PREFIX + ".bulkhead.rejected.calls", bulkhead, Bulkhead::rejectedCalls)
                    .description("Calls rejected because the bulkhead was full (rejections, not failures)")
                    .tags(name).register(meterRegistry);
        }
        Timeout timeout = layers.timeout();
        if (timeout != null) {
            FunctionCounter.builder(PREFIX + ".timeouts", timeout, Timeout::timeouts)
                    .description("Calls that did not finish within the timeout (each also recorded as a failure)")
                    .tags(name).register(meterRegistry);
        }
        Retry retry = layers.retry();
        if (retry != null) {
            retryCounter(meterRegistry, retry, name, "success_without_retry", Retry::successfulCallsWithoutRetry);
            retryCounter(meterRegistry, retry, name, "success_with_retry", Retry::successfulCallsWithRetry);
            retryCounter(meterRegistry, retry, name, "failure", Retry::failedCalls);
        }
    }

    private static void retryCounter(MeterRegistry meterRegistry, Retry retry, Tags name, String result,
            ToDoubleFunction<Retry> value) {
        FunctionCounter.builder(PREFIX + ".retry.calls", retry, value)
                .description("Calls through the retry, by how they ended after all their attempts")
                .tags(name).tag("result", result).register(meterRegistry);
    }
}
