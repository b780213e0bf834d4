package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerMetrics;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.FallbackListener;
import dev.breaker.Guard;
import dev.breaker.SettingsChange;
import dev.breaker.StateTransition;
import dev.breaker.definition.GuardRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Meters for every breaker of the registry, including those created after startup. Prometheus names:
 * {@code circuit_breaker_state}, {@code circuit_breaker_in_state{state}}, {@code circuit_breaker_calls_total{result}},
 * {@code circuit_breaker_slow_calls_total{result}}, {@code circuit_breaker_call_duration_seconds},
 * {@code circuit_breaker_failure_rate}, {@code circuit_breaker_slow_call_rate} and their thresholds
 * {@code circuit_breaker_failure_rate_threshold}, {@code circuit_breaker_slow_call_rate_threshold},
 * {@code circuit_breaker_transitions_total{from,to}}, {@code circuit_breaker_fallback_calls_total{result}},
 * {@code circuit_breaker_would_open_total} (observe mode), {@code circuit_breaker_failure_rate_exceeded_total},
 * {@code circuit_breaker_slow_call_rate_exceeded_total} and {@code circuit_breaker_settings_changes_total{source}}
 * (changes of its settings while it runs, by who made them: {@code actuator}, {@code environment change}, ...),
 * {@code circuit_breaker_open_seconds_total} (time spent open or forced open, the running visit included: see
 * {@link OpenTime});
 * and, for breakers with those layers, {@code circuit_breaker_bulkhead_available_calls},
 * {@code circuit_breaker_bulkhead_rejected_calls_total}, {@code circuit_breaker_timeouts_total} and
 * {@code circuit_breaker_retry_calls_total{result}}. Each carries the {@code name} tag.
 *
 * <p>{@code circuit_breaker_in_state} has one series per {@link BreakerState}, 1 for the current state and 0 for
 * the others, so that {@code sum(circuit_breaker_in_state{state="open"})} counts the open breakers of a fleet
 * without knowing the numeric codes of {@code circuit_breaker_state}. Its {@code state} values are those of the
 * {@code from} and {@code to} tags of {@code circuit_breaker_transitions_total}.
 *
 * <p>Counters read the breaker's own lifetime counters at scrape time. Only the call durations hear every
 * call, through the core's listener SPI (so the core stays free of Micrometer), into striped counters that
 * the duration meters read at scrape time too ({@link CallDurations}, {@link CallDurationMeters}). Transitions,
 * would-be openings and rates found over their thresholds are counted as the listener SPI reports them.
 */
public class BreakerMeterBinder implements MeterBinder, BreakerRegistry.RegistryListener, FallbackListener {

    static final String PREFIX = "circuit.breaker";

    private final BreakerRegistry registry;
    private final @Nullable GuardRegistry guards;
    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();
    private final CallDurationMeters callDurations = new CallDurationMeters();

    public BreakerMeterBinder(BreakerRegistry registry) {
        this(registry, null);
    }

    /** Meters for the breakers of {@code registry} and, when {@code guards} is given, for their layers. */
    public BreakerMeterBinder(BreakerRegistry registry, @Nullable GuardRegistry guards) {
        this.registry = registry;
        this.guards = guards;
        registry.addRegistryListener(this);
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meterRegistries.add(meterRegistry);
        registry.breakers().forEach(breaker -> bind(breaker, meterRegistry));
    }

    @Override
    public void onBreakerAdded(Breaker breaker) {
        meterRegistries.forEach(meterRegistry -> bind(breaker, meterRegistry));
    }

    @Override
    public void onFallback(Breaker breaker, Throwable cause, boolean succeeded) {
        for (MeterRegistry meterRegistry : meterRegistries) {
            fallbackCounter(meterRegistry, breaker, succeeded ? "success" : "failure").increment();
        }
    }

    private void bind(Breaker breaker, MeterRegistry meterRegistry) {
        Tags name = Tags.of("name", breaker.name());
        Gauge.builder(PREFIX + ".state", breaker, b -> b.state().code())
                .description("State of the circuit breaker: 0 closed, 1 open, 2 half-open, 3 forced-open, 4 disabled")
                .tags(name).register(meterRegistry);
        for (BreakerState state : BreakerState.values()) {
            Gauge.builder(PREFIX + ".in.state", breaker, b -> b.state() == state ? 1 : 0)
                    .description("Whether the circuit breaker is in the state of the state tag: 1 if so, else 0")
                    .tags(name).tag("state", label(state)).register(meterRegistry);
        }
        callCounter(meterRegistry, breaker, name, "success", BreakerMetrics::successfulCallsTotal);
        callCounter(meterRegistry, breaker, name, "failure", BreakerMetrics::failedCallsTotal);
        callCounter(meterRegistry, breaker, name, "ignored", BreakerMetrics::ignoredCallsTotal);
        callCounter(meterRegistry, breaker, name, "rejected", BreakerMetrics::notPermittedCallsTotal);
        slowCounter(meterRegistry, breaker, name, "success", BreakerMetrics::slowSuccessfulCallsTotal);
        slowCounter(meterRegistry, breaker, name, "failure", BreakerMetrics::slowFailedCallsTotal);
        Gauge.builder(PREFIX + ".failure.rate", breaker, b -> ratio(b.metrics().failureRate()))
                .description("Failed calls in the window as a ratio 0..1 (NaN below the minimum number of calls)")
                .tags(name).register(meterRegistry);
        Gauge.builder(PREFIX + ".slow.call.rate", breaker, b -> ratio(b.metrics().slowCallRate()))
                .description("Slow calls in the window as a ratio 0..1 (NaN below the minimum number of calls)")
                .tags(name).register(meterRegistry);
        // Read at scrape time: settings may change while the breaker runs. Graphs draw them next to the rates.
        Gauge.builder(PREFIX + ".failure.rate.threshold", breaker, b -> b.config().failureRateThreshold() / 100.0)
                .description("Failure rate at which the circuit breaker opens, as a ratio 0..1")
                .tags(name).register(meterRegistry);
        Gauge.builder(PREFIX + ".slow.call.rate.threshold", breaker, b -> b.config().slowCallRateThreshold() / 100.0)
                .description("Slow-call rate at which the circuit breaker opens, as a ratio 0..1")
                .tags(name).register(meterRegistry);
        fallbackCounter(meterRegistry, breaker, "success");
        fallbackCounter(meterRegistry, breaker, "failure");
        callDurations.bind(breaker, meterRegistry);
        OpenTime.bind(breaker, meterRegistry);
        breaker.addListener(new EventListener(meterRegistry,
                eventCounter(meterRegistry, name, ".would.open",
                        "Times an observing circuit breaker (mode observe) would have opened; it rejected no call"),
                eventCounter(meterRegistry, name, ".failure.rate.exceeded",
                        "Evaluations that found the failure rate at or above its threshold, in either mode"),
                eventCounter(meterRegistry, name, ".slow.call.rate.exceeded",
                        "Evaluations that found the slow-call rate at or above its threshold, in either mode")));
        if (guards != null) {
            guards.find(breaker.name()).filter(Guard::hasLayers)
                    .ifPresent(guard -> BreakerLayerMeters.bind(guard, meterRegistry));
        }
    }

    private static void callCounter(MeterRegistry meterRegistry, Breaker breaker, Tags name, String result,
            ToDoubleFunction<BreakerMetrics> value) {
        FunctionCounter.builder(PREFIX + ".calls", breaker, b -> value.applyAsDouble(b.metrics()))
                .description("Calls through the circuit breaker, by result (rejected: not permitted while open)")
                .tags(name).tag("result", result).register(meterRegistry);
    }

    private static void slowCounter(MeterRegistry meterRegistry, Breaker breaker, Tags name, String result,
            ToDoubleFunction<BreakerMetrics> value) {
        FunctionCounter.builder(PREFIX + ".slow.calls", breaker, b -> value.applyAsDouble(b.metrics()))
                .description("Calls slower than the slow-call duration threshold, by result")
                .tags(name).tag("result", result).register(meterRegistry);
    }

    private static Counter fallbackCounter(MeterRegistry meterRegistry, Breaker breaker, String result) {
        return Counter.builder(PREFIX + ".fallback.calls")
                .description("Fallback method calls, by whether the fallback itself succeeded")
                .tags("name", breaker.name(), "result", result).register(meterRegistry);
    }

    private static Counter eventCounter(MeterRegistry meterRegistry, Tags name, String suffix, String description) {
        return Counter.builder(PREFIX + suffix).description(description).tags(name).register(meterRegistry);
    }

    private static double ratio(java.util.OptionalDouble percent) {
        return percent.isPresent() ? percent.getAsDouble() / 100.0 : Double.NaN;
    }

    /** A state as a tag value: {@code half-open}, {@code forced-open}, ... */
    private static String label(BreakerState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Counts transitions, would-be openings, rates over their thresholds and settings changes; one per breaker and
     * meter registry.
     * It does not hear calls.
     */
    private static final class EventListener implements BreakerListener {

        private final MeterRegistry meterRegistry;
        private final Counter wouldOpen;
        private final Counter failureRateExceeded;
        private final Counter slowCallRateExceeded;

        EventListener(MeterRegistry meterRegistry, Counter wouldOpen, Counter failureRateExceeded,
                Counter slowCallRateExceeded) {
            this.meterRegistry = meterRegistry;
            this.wouldOpen = wouldOpen;
            this.failureRateExceeded = failureRateExceeded;
            this.slowCallRateExceeded = slowCallRateExceeded;
        }

        @Override
        public void onWouldOpen(Breaker breaker, String reason) {
            wouldOpen.increment();
        }

        @Override
        public void onFailureRateExceeded(Breaker breaker, float failureRate, float threshold) {
            failureRateExceeded.increment();
        }

        @Override
        public void onSlowCallRateExceeded(Breaker breaker, float slowCallRate, float threshold) {
            slowCallRateExceeded.increment();
        }

        @Override
        public void onSettingsChanged(Breaker breaker, SettingsChange change) {
            Counter.builder(PREFIX + ".settings.changes")
                    .description("Changes of the circuit breaker's settings while it runs, by who made them")
                    .tags("name", breaker.name(), "source", change.source())
                    .register(meterRegistry).increment();
        }

        @Override
        public void onStateTransition(Breaker breaker, StateTransition transition) {
            Counter.builder(PREFIX + ".transitions")
                    .description("State transitions of the circuit breaker")
                    .tags("name", breaker.name(), "from", label(transition.from()), "to", label(transition.to()))
                    .register(meterRegistry).increment();
        }
    }
}
