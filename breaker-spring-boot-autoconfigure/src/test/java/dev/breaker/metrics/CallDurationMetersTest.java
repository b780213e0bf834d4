package dev.breaker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.CallNotPermittedException;
import dev.breaker.ManualClock;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code circuit.breaker.call.duration} as each kind of registry publishes it: in Prometheus, the very series
 * Micrometer's own Prometheus timer gives; elsewhere, a function timer and its bucket counters. Exact counts,
 * sums and buckets, including for calls made from several threads at once.
 */
class CallDurationMetersTest {

    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** Every bucket, both sides of several bounds, and a call over the last bound. */
    private static final Duration[] CALLS = {Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(3),
            Duration.ofMillis(10), Duration.ofMillis(10).plusNanos(1), Duration.ofMillis(42), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(999), Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(10), Duration.ofSeconds(10).plusNanos(1), Duration.ofMinutes(2).plusNanos(123_456_789)};

    private final ManualClock clock = new ManualClock();
    private final BreakerRegistry registry = BreakerRegistry.builder()
            .defaultConfig(BreakerConfig.builder().clock(clock).scheduler(clock).slidingWindowSize(100)
                    .minimumNumberOfCalls(100).slowCallDurationThreshold(Duration.ofHours(1)).build())
            .build();

    private void call(Breaker breaker, Duration duration) {
        breaker.execute(() -> {
            clock.advance(duration);
            return "done";
        });
    }

    private static long totalNanos(Duration... durations) {
        long total = 0;
        for (Duration duration : durations) {
            total += duration.toNanos();
        }
        return total;
    }

    /** The lines of one family in a scrape: its HELP and TYPE and its samples, except those given. */
    private static List<String> family(String scrape, String name, String... excludedSuffixes) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "_") || line.startsWith(name + "{")
                        || line.startsWith("# HELP " + name + " ") || line.startsWith("# TYPE " + name + " "))
                .filter(line -> {
                    for (String suffix : excludedSuffixes) {
                        if (line.startsWith(name + suffix) || line.contains(" " + name + suffix + " ")) {
                            return false;
                        }
                    }
                    return true;
                })
                .collect(Collectors.toList());
    }

    @Test
    void prometheusGetsExactlyTheSeriesOfMicrometersOwnPrometheusTimer() {
        PrometheusMeterRegistry ours = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry micrometers = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new BreakerMeterBinder(registry).bindTo(ours);
        Breaker payment = registry.breaker("payment");
        Timer timer = Timer.builder("circuit.breaker.call.duration")
                .description("Duration of the calls the circuit breaker let through")
                .serviceLevelObjectives(BUCKETS).tags("name", "payment").register(micrometers);
        for (Duration duration : CALLS) {
            call(payment, duration);
            timer.record(duration);
        }

        String scrape = ours.scrape();
        List<String> expected = family(micrometers.scrape(), "circuit_breaker_call_duration_seconds", "_max");
        assertThat(family(scrape, "circuit_breaker_call_duration_seconds")).isEqualTo(expected);
        assertThat(expected).contains(
                "# TYPE circuit_breaker_call_duration_seconds histogram",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.01\"} 4",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.05\"} 6",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.1\"} 7",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.5\"} 8",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"1.0\"} 10",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"5.0\"} 11",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"10.0\"} 12",
                "circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"+Inf\"} 14",
                "circuit_breaker_call_duration_seconds_count{name=\"payment\"} 14",
                "circuit_breaker_call_duration_seconds_sum{name=\"payment\"} " + totalNanos(CALLS) / 1e9);
        // OpenMetrics too, but for the creation time
        assertThat(family(ours.scrape(OPEN_METRICS), "circuit_breaker_call_duration_seconds", "_created"))
                .isEqualTo(family(micrometers.scrape(OPEN_METRICS), "circuit_breaker_call_duration_seconds", "_max",
                        "_created"));
        // a rejected call ran nothing: no duration
        payment.transitionToForcedOpenState();
        assertThatThrownBy(() -> call(payment, Duration.ofSeconds(1))).isInstanceOf(CallNotPermittedException.class);
        assertThat(ours.scrape()).contains("circuit_breaker_call_duration_seconds_count{name=\"payment\"} 14");
    }

    @Test
    void prometheusSeriesCarryTheRegistrysCommonTagsAndOneDataPointPerBreaker() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("application", "shop");
        new BreakerMeterBinder(registry).bindTo(prometheus);
        call(registry.breaker("payment"), Duration.ofMillis(20));
        call(registry.breaker("search"), Duration.ofSeconds(2)); // created after binding

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("circuit_breaker_call_duration_seconds_bucket{application=\"shop\",name=\"payment\",le=\"0.05\"} 1")
                .contains("circuit_breaker_call_duration_seconds_bucket{application=\"shop\",name=\"search\",le=\"1.0\"} 0")
                .contains("circuit_breaker_call_duration_seconds_bucket{application=\"shop\",name=\"search\",le=\"5.0\"} 1")
                .contains("circuit_breaker_call_duration_seconds_count{application=\"shop\",name=\"search\"} 1")
                .contains("circuit_breaker_call_duration_seconds_sum{application=\"shop\",name=\"search\"} 2.0");
        // nothing left over from working out the labels
        assertThat(prometheus.find("circuit.breaker.call.duration").meters()).isEmpty();
        assertThat(scrape).doesNotContain("circuit_breaker_call_duration{").doesNotContain("statistic=");
        // the endpoint's name filter (?includedNames=) keeps or drops the family whole
        assertThat(prometheus.scrape(TEXT, Set.of("circuit_breaker_call_duration_seconds")))
                .contains("circuit_breaker_call_duration_seconds_count{application=\"shop\",name=\"payment\"} 1")
                .doesNotContain("circuit_breaker_state");
        assertThat(prometheus.scrape(TEXT, Set.of("circuit_breaker_state")))
                .doesNotContain("circuit_breaker_call_duration");
    }

    @Test
    void aDeniedDurationMeterIsNeitherPublishedNorRecorded() {
        for (MeterRegistry meters : List.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new SimpleMeterRegistry())) {
            meters.config().meterFilter(MeterFilter.denyNameStartsWith("circuit.breaker.call.duration"));
            new BreakerMeterBinder(registry).bindTo(meters);
            call(registry.breaker("payment"), Duration.ofMillis(20));
            assertThat(meters.find("circuit.breaker.call.duration").meters()).isEmpty();
            assertThat(meters.find("circuit.breaker.call.duration.histogram").meters()).isEmpty();
            assertThat(meters.get("circuit.breaker.calls").tags("result", "success").functionCounter().count())
                    .isPositive();
            if (meters instanceof PrometheusMeterRegistry prometheus) {
                assertThat(prometheus.scrape()).doesNotContain("circuit_breaker_call_duration")
                        .contains("circuit_breaker_state{name=\"payment\"}");
            }
        }
    }

    @Test
    void breakersAFilterGivesOneIdShareOneSeriesAsTheyWouldHaveSharedOneTimer() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        prometheus.config().meterFilter(MeterFilter.ignoreTags("name"));
        simple.config().meterFilter(MeterFilter.ignoreTags("name"));
        BreakerMeterBinder binder = new BreakerMeterBinder(registry);
        binder.bindTo(prometheus);
        binder.bindTo(simple);
        call(registry.breaker("payment"), Duration.ofMillis(20));
        call(registry.breaker("search"), Duration.ofMillis(30));
        call(registry.breaker("search"), Duration.ofSeconds(30));

        assertThat(prometheus.scrape())
                .contains("circuit_breaker_call_duration_seconds_bucket{le=\"0.05\"} 2")
                .contains("circuit_breaker_call_duration_seconds_count 3")
                .contains("circuit_breaker_call_duration_seconds_sum 30.05");
        FunctionTimer timer = simple.get("circuit.breaker.call.duration").functionTimer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(30_050_000_000.0);
    }

    @Test
    void otherRegistriesGetAFunctionTimerAndCumulativeBucketCounters() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        new BreakerMeterBinder(registry).bindTo(simple);
        Breaker payment = registry.breaker("payment");
        for (Duration duration : CALLS) {
            call(payment, duration);
        }
        try {
            payment.run(() -> {
                clock.advance(Duration.ofMillis(70));
                throw new IllegalStateException("down");
            });
        } catch (IllegalStateException expected) {
            // a failure is timed too
        }

        FunctionTimer timer = simple.get("circuit.breaker.call.duration").tags("name", "payment").functionTimer();
        assertThat(timer.count()).isEqualTo(CALLS.length + 1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(totalNanos(CALLS) + 70_000_000.0);
        assertThat(timer.getId().getDescription()).isEqualTo("Duration of the calls the circuit breaker let through");
        String[] le = {"0.01", "0.05", "0.1", "0.5", "1", "5", "10"};
        long[] atMost = {4, 6, 8, 9, 11, 12, 13};
        for (int i = 0; i < le.length; i++) {
            assertThat(simple.get("circuit.breaker.call.duration.histogram").tags(Tags.of("name", "payment", "le", le[i]))
                    .functionCounter().count()).as("le %s", le[i]).isEqualTo(atMost[i]);
        }
    }

    @Test
    void aCompositeWithAPrometheusRegistryInItIsPublishedToChildByChild() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        composite.add(simple);
        new BreakerMeterBinder(registry).bindTo(composite);
        call(registry.breaker("payment"), Duration.ofMillis(20));
        call(registry.breaker("payment"), Duration.ofMillis(40));

        assertThat(prometheus.scrape())
                .contains("circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"0.05\"} 2")
                .contains("circuit_breaker_call_duration_seconds_count{name=\"payment\"} 2")
                .contains("circuit_breaker_state{name=\"payment\"} 0.0");
        assertThat(simple.get("circuit.breaker.call.duration").functionTimer().count()).isEqualTo(2);
        assertThat(composite.get("circuit.breaker.state").gauge().value()).isZero();
    }

    @Test
    void callsFromSeveralThreadsAreAllInTheScrape() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        BreakerRegistry live = BreakerRegistry.builder()
                .defaultConfig(BreakerConfig.builder().slidingWindowSize(100).minimumNumberOfCalls(100).build())
                .build();
        BreakerMeterBinder binder = new BreakerMeterBinder(live);
        binder.bindTo(prometheus);
        binder.bindTo(simple);
        Breaker payment = live.breaker("payment");
        int threads = 4;
        int callsPerThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < callsPerThread; i++) {
                        payment.execute(() -> "done");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> caller : callers) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long calls = (long) threads * callsPerThread;
        assertThat(payment.metrics().successfulCallsTotal()).isEqualTo(calls);
        assertThat(prometheus.scrape())
                .contains("circuit_breaker_call_duration_seconds_count{name=\"payment\"} " + calls + "\n")
                .contains("circuit_breaker_call_duration_seconds_bucket{name=\"payment\",le=\"+Inf\"} " + calls + "\n");
        assertThat(simple.get("circuit.breaker.call.duration").functionTimer().count()).isEqualTo(calls);
    }
}
