package dev.breaker.metrics;

import dev.breaker.Breaker;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerState;
import dev.breaker.StateTransition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code circuit_breaker_open_seconds_total{name}}: the time a breaker has spent OPEN or FORCED_OPEN, that is the
 * time its dependency was kept away from callers. It includes the visit still running at scrape time, so a breaker
 * that stays open shows a rate of 1 instead of a step when it closes. Times come from the breaker's own clock; a
 * move between OPEN and FORCED_OPEN is one visit. HALF_OPEN is not counted: trial calls reach the dependency.
 *
 * <p>Mean time to recovery over a range is {@code increase(circuit_breaker_open_seconds_total[1h])} divided by
 * the openings in it, {@code increase(circuit_breaker_transitions_total{to="open"}[1h])}.
 */
final class OpenTime implements BreakerListener {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Breaker breaker;
    private long closedVisitsNanos;
    /** When the running visit began (breaker clock nanos), or -1 while the breaker is not open. */
    private long openSince = -1;

    private OpenTime(Breaker breaker) {
        this.breaker = breaker;
    }

    static void bind(Breaker breaker, MeterRegistry meterRegistry) {
        OpenTime openTime = new OpenTime(breaker);
        // Listen before reading the state: a transition in between is then heard, not lost.
        breaker.addListener(openTime);
        synchronized (openTime) {
            if (openTime.openSince < 0 && isOpen(breaker.state())) {
                openTime.openSince = openTime.now();
            }
        }
        FunctionCounter.builder(BreakerMeterBinder.PREFIX + ".open", openTime, OpenTime::seconds)
                .baseUnit("seconds")
                .description("Time the circuit breaker spent open or forced open (calls kept from the dependency),"
                        + " including the current visit")
                .tag("name", breaker.name()).register(meterRegistry);
    }

    @Override
    public synchronized void onStateTransition(Breaker source, StateTransition transition) {
        boolean wasOpen = openSince >= 0;
        boolean open = isOpen(transition.to());
        if (open && !wasOpen) {
            openSince = now();
        } else if (!open && wasOpen) {
            closedVisitsNanos += Math.max(0, now() - openSince);
            openSince = -1;
        }
    }

    synchronized double seconds() {
        long running = openSince >= 0 ? Math.max(0, now() - openSince) : 0;
        return (closedVisitsNanos + running) / NANOS_PER_SECOND;
    }

    private long now() {
        return breaker.config().clock().nanoTime();
    }

    private static boolean isOpen(BreakerState state) {
        return state == BreakerState.OPEN || state == BreakerState.FORCED_OPEN;
    }
}
