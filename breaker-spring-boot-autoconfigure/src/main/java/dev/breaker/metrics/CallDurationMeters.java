package dev.breaker.metrics;

import dev.breaker.Breaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.noop.NoopFunctionTimer;
import io.micrometer.core.instrument.util.DoubleFormat;
import io.micrometer.core.instrument.util.TimeUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each breaker's {@link CallDurations} as {@code circuit.breaker.call.duration}, read only when a
 * registry publishes:
 * <ul>
 * <li>to a Prometheus registry, as the histogram its own timer would give, {@code
 * circuit_breaker_call_duration_seconds_bucket{le}}, {@code _count} and {@code _sum}, straight into its
 * Prometheus client registry ({@link PrometheusCallDurations}): Micrometer's Prometheus registry publishes
 * buckets only for a timer it records every call into itself;</li>
 * <li>to any other registry, as a {@link FunctionTimer} (count and total time, e.g. in
 * {@code /actuator/metrics}) and, for the buckets, {@code circuit.breaker.call.duration.histogram{le}}:
 * the calls that took at most {@code le}, the name and tags registries give a timer's buckets;</li>
 * <li>a composite registry with a Prometheus registry in it is published to child by child.</li>
 * </ul>
 * A registry whose filters deny {@code circuit.breaker.call.duration} gets neither, and a breaker none of whose
 * registries takes it is not listened to at all.
 */
final class CallDurationMeters {

    static final String NAME = BreakerMeterBinder.PREFIX + ".call.duration";
    static final String DESCRIPTION = "Duration of the calls the circuit breaker let through";

    private final Map<Breaker, CallDurations> durations = new ConcurrentHashMap<>();
    private final Map<MeterRegistry, Publisher> publishers = new ConcurrentHashMap<>();

    /** Publishes {@code breaker}'s call durations to {@code registry}, and starts recording them if needed. */
    void bind(Breaker breaker, MeterRegistry registry) {
        CallDurations breakerDurations = durations.computeIfAbsent(breaker, b -> new CallDurations());
        if (publish(breaker, breakerDurations, registry)) {
            breakerDurations.listenTo(breaker);
        }
    }

    /** Whether {@code registry} took the durations (and so they must be recorded). */
    private boolean publish(Breaker breaker, CallDurations breakerDurations, MeterRegistry registry) {
        if (registry instanceof CompositeMeterRegistry composite && isWithin(composite)) {
            boolean taken = false;
            for (MeterRegistry child : composite.getRegistries()) {
                taken |= publish(breaker, breakerDurations, child);
            }
            return taken;
        }
        return publishers.computeIfAbsent(registry, CallDurationMeters::publisher).publish(breaker, breakerDurations);
    }

    private static Publisher publisher(MeterRegistry registry) {
        if (isPrometheus(registry)) {
            return PrometheusCallDurations.of(registry);
        }
        return new FunctionTimerPublisher(registry);
    }

    private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    /** Whether {@code registry} is Micrometer's Prometheus registry, without loading its class. */
    static boolean isPrometheus(MeterRegistry registry) {
        for (Class<?> type = registry.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(PROMETHEUS_REGISTRY)) {
                return true;
            }
        }
        return false;
    }

    /** Whether there is a Prometheus registry among the registries of {@code composite}, at any depth. */
    static boolean isWithin(CompositeMeterRegistry composite) {
        for (MeterRegistry child : composite.getRegistries()) {
            if (isPrometheus(child) || (child instanceof CompositeMeterRegistry nested && isWithin(nested))) {
                return true;
            }
        }
        return false;
    }

    /** Publishes call durations to one registry. */
    interface Publisher {

        /** Whether the registry took them, so that {@code durations} must record the breaker's calls. */
        boolean publish(Breaker breaker, CallDurations durations);
    }

    /** {@code circuit.breaker.call.duration} as a {@link FunctionTimer}, and its buckets as function counters. */
    private static final class FunctionTimerPublisher implements Publisher {

        private final MeterRegistry registry;
        /** By the id the registry gave the timer: breakers its filters give one id share one series. */
        private final Map<Meter.Id, CallDurationSeries> series = new ConcurrentHashMap<>();

        FunctionTimerPublisher(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public synchronized boolean publish(Breaker breaker, CallDurations durations) {
            CallDurationSeries candidate = new CallDurationSeries();
            FunctionTimer timer = FunctionTimer.builder(NAME, candidate, CallDurationSeries::count,
                            CallDurationSeries::sumNanos, TimeUnit.NANOSECONDS)
                    .description(DESCRIPTION).tags("name", breaker.name()).register(registry);
            if (timer instanceof NoopFunctionTimer) {
                return false;
            }
            // The timer holds its series weakly: this map keeps it.
            series.computeIfAbsent(timer.getId(), id -> bucketCounters(candidate, breaker, timer.baseTimeUnit()))
                    .add(durations);
            return true;
        }

        private CallDurationSeries bucketCounters(CallDurationSeries published, Breaker breaker, TimeUnit unit) {
            for (int i = 0; i < CallDurations.BOUNDS_NANOS.length; i++) {
                int bound = i;
                FunctionCounter.builder(NAME + ".histogram", published, s -> s.cumulativeCount(bound))
                        .description("Calls the circuit breaker let through that took at most le")
                        .tags("name", breaker.name(), "le",
                                DoubleFormat.wholeOrDecimal(TimeUtils.nanosToUnit(CallDurations.BOUNDS_NANOS[i], unit)))
                        .register(registry);
            }
            return published;
        }
    }
}
