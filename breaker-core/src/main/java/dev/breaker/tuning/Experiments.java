package dev.breaker.tuning;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shadow experiments on one live breaker. Each experiment is a private breaker with candidate settings, fed
 * every outcome the live breaker records (result, duration, time); it never rejects or changes a call. Beside
 * them runs the baseline, {@value #LIVE}: the live breaker's own settings judged the same way.
 *
 * <p>While the live breaker is OPEN or FORCED_OPEN no call reaches the dependency, so the experiments learn
 * nothing: those periods are reported as blind, and no outcome is invented for them.
 *
 * <p>Cost: a breaker without experiments pays nothing. With experiments, each call's outcome is handed to every
 * shadow on the calling thread, with no allocation.
 */
public final class Experiments implements AutoCloseable {

    /** The name of the baseline report: the live breaker's settings, judged like the experiments. */
    public static final String LIVE = "live";

    /** An opening less than this after the previous closing counts as a flap. */
    public static final Duration FLAP_INTERVAL = Duration.ofMinutes(1);

    /** How many blind periods a report lists. */
    public static final int BLIND_PERIODS = 10;

    private Experiments() {
    }

    /**
     * Starts the experiments on {@code live}: from now on every outcome it records is fed to each candidate.
     * The candidates' mode, fleet sync, clock and scheduler are ignored: a shadow enforces (in the shadow), shares
     * nothing, and uses the live breaker's clock.
     *
     * @param candidates the settings of each experiment by name, reported in this order; not {@value #LIVE}
     * @throws IllegalArgumentException if an experiment is named {@value #LIVE} or blank
     */
    public static Experiments attach(Breaker live, Map<String, BreakerConfig> candidates) {
        throw new UnsupportedOperationException("API stub");
    }

    /** The live breaker these experiments shadow. */
    public Breaker live() {
        throw new UnsupportedOperationException("API stub");
    }

    /** The baseline report ({@value #LIVE}). */
    public ExperimentReport baseline() {
        throw new UnsupportedOperationException("API stub");
    }

    /** One report per experiment, in the order given, each with its verdict against the baseline. */
    public List<ExperimentReport> reports() {
        throw new UnsupportedOperationException("API stub");
    }

    /** The report of {@code experiment} ({@value #LIVE} for the baseline), if there is one. */
    public Optional<ExperimentReport> report(String experiment) {
        throw new UnsupportedOperationException("API stub");
    }

    /** Stops feeding the experiments; their reports stay readable. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("API stub");
    }
}
