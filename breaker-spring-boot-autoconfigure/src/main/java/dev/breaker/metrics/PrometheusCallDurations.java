package dev.breaker.metrics;

import dev.breaker.Breaker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.noop.NoopMeter;
import io.micrometer.core.instrument.util.TimeUtils;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code circuit_breaker_call_duration_seconds} in a Micrometer Prometheus registry: a histogram with the
 * {@code le} buckets, {@code _count} and {@code _sum} that its own timer would give, made from the breakers'
 * {@link CallDurations} when Prometheus scrapes, by a collector registered in the registry's Prometheus
 * client registry (the public way to add to what it scrapes). Micrometer's Prometheus registry publishes
 * buckets only for a timer it records every call into itself, and its timer costs what
 * {@link CallDurations} avoids.
 *
 * <p>The name and labels are those the registry would give the timer: a timer-type meter of the same name
 * and tags, without measurements (so it publishes nothing meanwhile), is registered and removed at once, so
 * that the registry's filters (common tags, renamed or ignored tags,
 * {@code management.metrics.enable...=false}) and naming convention apply. Not carried over from the timer:
 * the {@code _max} gauge, exemplars, and {@code management.metrics.distribution.*} settings for this meter.
 * The series are not a Micrometer meter of this registry, so {@code /actuator/metrics} does not list them:
 * a function timer of the same name would be published by Micrometer as a summary under the same Prometheus
 * name, and two families of one name break the scrape.
 *
 * <p>Loaded only for a registry that {@link CallDurationMeters#isPrometheus} recognised: the Prometheus
 * registry is an optional dependency of this module.
 */
final class PrometheusCallDurations implements CallDurationMeters.Publisher {

    private final PrometheusMeterRegistry registry;
    /** By Prometheus name: normally the one family, {@code circuit_breaker_call_duration_seconds}. */
    private final Map<String, Family> families = new ConcurrentHashMap<>();

    PrometheusCallDurations(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** The publisher for {@code registry}, which {@link CallDurationMeters#isPrometheus} recognised. */
    static PrometheusCallDurations of(MeterRegistry registry) {
        return new PrometheusCallDurations((PrometheusMeterRegistry) registry);
    }

    @Override
    public synchronized boolean publish(Breaker breaker, CallDurations durations) {
        Meter probe = Meter.builder(CallDurationMeters.NAME, Meter.Type.TIMER, List.of())
                .tags("name", breaker.name()).register(registry);
        if (probe instanceof NoopMeter) {
            return false;
        }
        Meter.Id id = probe.getId();
        registry.remove(probe);
        NamingConvention convention = registry.config().namingConvention();
        String name = convention.name(id.getName(), Meter.Type.TIMER, "seconds");
        List<String> labelNames = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            labelNames.add(convention.tagKey(tag.getKey()));
            labelValues.add(tag.getValue());
        }
        families.computeIfAbsent(name, this::register)
                .series(labelNames, labelValues, registry.config().clock().wallTime())
                .add(durations);
        return true;
    }

    private Family register(String name) {
        Family family = new Family(name);
        registry.getPrometheusRegistry().register(family::snapshot);
        return family;
    }

    /** One histogram family: a data point per distinct label set. */
    private static final class Family {

        private static final double[] UPPER_BOUNDS_SECONDS = new double[CallDurations.BUCKETS];

        static {
            for (int i = 0; i < CallDurations.BOUNDS_NANOS.length; i++) {
                UPPER_BOUNDS_SECONDS[i] = TimeUtils.nanosToUnit(CallDurations.BOUNDS_NANOS[i], TimeUnit.SECONDS);
            }
            UPPER_BOUNDS_SECONDS[CallDurations.BOUNDS_NANOS.length] = Double.POSITIVE_INFINITY;
        }

        private final String name;
        private final Map<List<String>, Point> points = new ConcurrentHashMap<>();

        Family(String name) {
            this.name = name;
        }

        CallDurationSeries series(List<String> labelNames, List<String> labelValues, long createdMillis) {
            List<String> key = new ArrayList<>(labelNames);
            key.addAll(labelValues);
            return points.computeIfAbsent(key, k -> new Point(Labels.of(labelNames.toArray(String[]::new),
                    labelValues.toArray(String[]::new)), new CallDurationSeries(), createdMillis)).series();
        }

        HistogramSnapshot snapshot() {
            List<HistogramDataPointSnapshot> dataPoints = new ArrayList<>(points.size());
            for (Point point : points.values()) {
                CallDurationSeries.Snapshot snapshot = point.series().snapshot();
                dataPoints.add(new HistogramDataPointSnapshot(
                        ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, snapshot.counts()),
                        TimeUtils.nanosToUnit(snapshot.sumNanos(), TimeUnit.SECONDS), point.labels(),
                        Exemplars.EMPTY, point.createdMillis()));
            }
            return new HistogramSnapshot(new MetricMetadata(name, CallDurationMeters.DESCRIPTION), dataPoints);
        }
    }

    private record Point(Labels labels, CallDurationSeries series, long createdMillis) {
    }
}
