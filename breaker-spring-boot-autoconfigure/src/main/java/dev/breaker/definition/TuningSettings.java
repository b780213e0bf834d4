package dev.breaker.definition;

import dev.breaker.BreakerConfig;
import dev.breaker.tuning.Replayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shadow experiments and the recording the configuration sets for one breaker. An experiment is kept as the
 * settings it changes, not as a config, so that it can be put on top of whatever the breaker's settings are when
 * it starts: at startup, and again after each change of the breaker's settings.
 *
 * @param experiments each experiment, in the order the configuration lists them
 * @param recordingMaxEvents the events a recording of the breaker keeps; 0 when it is not recorded
 */
public record TuningSettings(List<Experiment> experiments, int recordingMaxEvents) {

    /** No experiment, no recording: nothing is attached to the breaker. */
    public static final TuningSettings NONE = new TuningSettings(List.of(), 0);

    public TuningSettings {
        experiments = List.copyOf(experiments);
        if (recordingMaxEvents < 0) {
            throw new IllegalArgumentException("recordingMaxEvents must be 0 (off) or positive");
        }
    }

    /** Whether anything is attached to the breaker. */
    public boolean any() {
        return !experiments.isEmpty() || recording();
    }

    /** Whether the breaker is recorded. */
    public boolean recording() {
        return recordingMaxEvents > 0;
    }

    /**
     * Each experiment's config: {@code base} with the experiment's settings on top, by experiment name.
     *
     * @throws dev.breaker.InvalidBreakerConfigException when an experiment's settings do not go with {@code base}
     *         (e.g. a cap of the open wait below the breaker's new wait); see {@link Experiment#path()}
     */
    public Map<String, BreakerConfig> candidates(BreakerConfig base) {
        Map<String, BreakerConfig> candidates = new LinkedHashMap<>();
        for (Experiment experiment : experiments) {
            candidates.put(experiment.name(), experiment.on(base));
        }
        return candidates;
    }

    /**
     * One shadow experiment.
     *
     * @param name its name, never {@value dev.breaker.tuning.Experiments#LIVE}
     * @param path the property path it is configured at, e.g. {@code breaker.instances.payment.experiments.strict},
     *        for messages about its settings
     * @param settings the settings it changes, by configuration-file name, written as
     *        {@link BreakerConfig#settings()} writes them
     */
    public record Experiment(String name, String path, Map<String, String> settings) {

        public Experiment {
            settings = Map.copyOf(settings);
        }

        /** {@code base} with this experiment's settings on top. */
        public BreakerConfig on(BreakerConfig base) {
            return Replayer.apply(base, settings);
        }
    }
}
