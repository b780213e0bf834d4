package dev.breaker.tuning;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.CallOutcome;
import dev.breaker.StateTransition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Shadow experiments on one live breaker. Each experiment is a private breaker with candidate settings, fed
 * every outcome the live breaker records (result, duration, time); it never rejects or changes a call. Beside
 * them runs the baseline, {@value #LIVE}: the live breaker's own settings judged the same way.
 *
 * <p>While the live breaker is OPEN or FORCED_OPEN no call reaches the dependency, so the experiments learn
 * nothing: those periods are reported as blind, and no outcome is invented for them.
 *
 * <p>Cost: a breaker without experiments pays nothing. With experiments, each call's outcome is handed to every
 * shadow on the calling thread, with no allocation beyond what a breaker's own recording costs (a failure that
 * makes a window evaluate its rates reads a snapshot of it) and no lock but at the start of a burst of failures
 * and on the shadows' transitions.
 *
 * <p>Detection: a burst of failures starts at the first failure after a run of at least the live breaker's
 * {@code minimum-number-of-calls} successes (or at the first failure ever, or since the experiment's breaker last
 * closed); an opening out of CLOSED ends it, and its delay is the time between the two. The figures of calls made
 * on many threads at once are exact once they have all been recorded, except the calls of a detection, which may
 * count a call or two in flight.
 */
public final class Experiments implements AutoCloseable {

    /** The name of the baseline report: the live breaker's settings, judged like the experiments. */
    public static final String LIVE = "live";

    /** An opening less than this after the previous closing counts as a flap. */
    public static final Duration FLAP_INTERVAL = Duration.ofMinutes(1);

    /** How many blind periods a report lists. */
    public static final int BLIND_PERIODS = 10;

    private final Breaker live;
    private final Judge judge;
    private final Listener listener;
    /** The time the reports stop at once closed; {@link #OPEN} until then. */
    private volatile long closedAt = OPEN;

    private static final long OPEN = Long.MIN_VALUE;

    private Experiments(Breaker live, Judge judge, boolean feeding) {
        this.live = live;
        this.judge = judge;
        this.listener = new Listener(judge);
        if (feeding) {
            live.addListener(listener);
        } else {
            closedAt = judge.clock().nanoTime();
        }
    }

    /**
     * Starts the experiments on {@code live}: from now on every outcome it records is fed to each candidate.
     * The candidates' mode, fleet sync, clock and scheduler are ignored: a shadow enforces (in the shadow), shares
     * nothing, and uses the live breaker's clock and scheduler. Their exception rules and result predicate are
     * ignored too: a shadow takes each outcome as the live breaker classified it.
     *
     * <p>The baseline is the live breaker's settings as they are now: after {@link Breaker#reconfigure}, close these
     * and attach new ones. With no candidates nothing is attached, so the live breaker keeps paying nothing; the
     * baseline then judges nothing.
     *
     * @param candidates the settings of each experiment by name, reported in this order; not {@value #LIVE}
     * @throws IllegalArgumentException if an experiment is named {@value #LIVE} or blank
     */
    public static Experiments attach(Breaker live, Map<String, BreakerConfig> candidates) {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(candidates, "candidates");
        BreakerConfig config = live.config();
        Judge judge = new Judge(live.name(), config, new LinkedHashMap<>(candidates), config.clock(),
                config.scheduler(), live.state());
        return new Experiments(live, judge, !candidates.isEmpty());
    }

    /** The live breaker these experiments shadow. */
    public Breaker live() {
        return live;
    }

    /** The baseline report ({@value #LIVE}). */
    public ExperimentReport baseline() {
        return all().get(0);
    }

    /** One report per experiment, in the order given, each with its verdict against the baseline. */
    public List<ExperimentReport> reports() {
        List<ExperimentReport> all = all();
        return all.subList(1, all.size());
    }

    /** The report of {@code experiment} ({@value #LIVE} for the baseline), if there is one. */
    public Optional<ExperimentReport> report(String experiment) {
        return all().stream().filter(report -> report.experiment().equals(experiment)).findFirst();
    }

    /** The baseline's report and each experiment's, as of now (or of the closing). */
    private List<ExperimentReport> all() {
        long closed = closedAt;
        return judge.reports(closed != OPEN ? closed : judge.clock().nanoTime());
    }

    /** Stops feeding the experiments; their reports stay readable, as of now. */
    @Override
    public void close() {
        synchronized (listener) {
            if (closedAt == OPEN) {
                live.removeListener(listener);
                closedAt = judge.clock().nanoTime();
            }
        }
    }

    @Override
    public String toString() {
        return "Experiments[" + live.name() + ", " + reports().stream().map(ExperimentReport::experiment).toList()
                + "]";
    }

    /** Hands the live breaker's outcomes and enforced states to the judge, on the thread that caused them. */
    private static final class Listener implements BreakerListener {

        private final Judge judge;

        Listener(Judge judge) {
            this.judge = judge;
        }

        @Override
        public boolean receivesCallOutcomes() {
            return true;
        }

        @Override
        public void onCall(Breaker breaker, CallOutcome outcome, boolean slow, long durationNanos,
                @Nullable Throwable error) {
            judge.outcome(outcome, durationNanos, error);
        }

        @Override
        public void onStateTransition(Breaker breaker, StateTransition transition) {
            judge.live(transition.to());
        }
    }
}
