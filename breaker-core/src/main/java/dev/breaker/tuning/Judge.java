package dev.breaker.tuning;

import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The baseline and the experiments of one live breaker, fed the same outcomes and the live breaker's states:
 * what {@link Experiments} runs beside live traffic and {@link Replayer} runs on a recording, so that both give
 * the same figures for the same events.
 */
final class Judge {

    private final BreakerClock clock;
    private final int minimumCalls;
    private final long startNanos;
    private final LongAdder judged = new LongAdder();
    private final Blindness blindness;
    private final String[] names;
    private final String[] settings;
    /** The baseline first, then the experiments in the order given. */
    private final Shadow[] shadows;

    /**
     * @param live the live breaker's settings (the baseline); its minimum-number-of-calls also delimits bursts
     * @param clock the clock of every shadow: the live breaker's, or a replay's manual clock
     * @param state the state the live breaker enforces now
     */
    Judge(String liveName, BreakerConfig live, Map<String, BreakerConfig> candidates, BreakerClock clock,
            BreakerScheduler scheduler, BreakerState state) {
        checkNames(candidates);
        this.clock = clock;
        this.minimumCalls = live.minimumNumberOfCalls();
        Clocks time = new Clocks(clock);
        this.startNanos = clock.nanoTime();
        this.blindness = new Blindness(time);
        int count = candidates.size() + 1;
        this.names = new String[count];
        this.settings = new String[count];
        this.shadows = new Shadow[count];
        names[0] = Experiments.LIVE;
        settings[0] = "";
        shadows[0] = new Shadow(liveName + " [" + Experiments.LIVE + "]", live, clock, scheduler, judged, minimumCalls);
        int i = 1;
        for (Map.Entry<String, BreakerConfig> candidate : candidates.entrySet()) {
            names[i] = candidate.getKey();
            settings[i] = Settings.difference(live, candidate.getValue());
            shadows[i] = new Shadow(liveName + " [" + candidate.getKey() + "]", candidate.getValue(), clock, scheduler,
                    judged, minimumCalls);
            i++;
        }
        blindness.live(state, startNanos);
    }

    /** Rejects the names no experiment may have. */
    static void checkNames(Map<String, ?> candidates) {
        for (String name : candidates.keySet()) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("An experiment needs a name; got " + (name == null ? "null"
                        : "'" + name + "'"));
            }
            if (name.equals(Experiments.LIVE)) {
                throw new IllegalArgumentException("An experiment cannot be named '" + Experiments.LIVE
                        + "': that is the name of the baseline, the live breaker's own settings");
            }
        }
    }

    BreakerClock clock() {
        return clock;
    }

    /** One outcome the live breaker recorded: successes and failures are judged, other outcomes are not. */
    void outcome(CallOutcome outcome, long durationNanos, @Nullable Throwable error) {
        boolean failure;
        if (outcome == CallOutcome.SUCCESS) {
            failure = false;
        } else if (outcome == CallOutcome.FAILURE) {
            failure = true;
        } else {
            return; // ignored and rejected calls say nothing about the dependency
        }
        judged.increment();
        long index = failure ? judged.sum() : 0;
        for (Shadow shadow : shadows) {
            shadow.judge(failure, durationNanos, error, index);
        }
    }

    /** The live breaker now enforces {@code state}. */
    void live(BreakerState state) {
        blindness.live(state, clock.nanoTime());
    }

    /** The baseline's report, then each experiment's, as of {@code now}, with verdicts. */
    List<ExperimentReport> reports(long now) {
        long calls = judged.sum();
        Duration blind = blindness.blind(now);
        Duration judgedTime = Duration.ofNanos(Math.max(0, now - startNanos - blind.toNanos()));
        List<ExperimentReport.Period> periods = blindness.periods();
        List<ExperimentReport> reports = new ArrayList<>(shadows.length);
        ExperimentReport baseline = null;
        for (int i = 0; i < shadows.length; i++) {
            Shadow.Figures f = shadows[i].figures(now);
            ExperimentReport report = new ExperimentReport(names[i], settings[i], calls, f.wouldOpen(), f.timeOpen(),
                    f.needlessRejections(), f.keptAway(), f.detections(), f.detectionDelay(), f.detectionCalls(),
                    f.flaps(), judgedTime, blind, periods, f.state(), "");
            if (baseline == null) {
                baseline = report.withVerdict(Verdict.summary(report, minimumCalls));
                reports.add(baseline);
            } else {
                reports.add(report.withVerdict(Verdict.of(report, baseline, minimumCalls)));
            }
        }
        return reports;
    }
}
