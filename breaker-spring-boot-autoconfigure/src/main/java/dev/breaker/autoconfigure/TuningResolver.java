package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.autoconfigure.Layer.Found;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.TuningSettings;
import dev.breaker.definition.TuningSettings.Experiment;
import dev.breaker.tuning.Experiments;
import dev.breaker.tuning.Recording;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the {@code experiments} and {@code recording} of one breaker through its levels of configuration. An
 * experiment is one thing: a deeper level's experiment replaces one of the same name from the level below, whole.
 * Each experiment is checked on top of the breaker's resolved settings, as it will run, and a bad value is reported
 * with the path of the experiment's setting; {@code recording} falls through key by key.
 */
final class TuningResolver {

    static final String MAX_EVENTS = "a whole number from 1 to " + Recording.MAX_EVENTS;

    private TuningResolver() {
    }

    /** The experiments and recording of the breaker resolving through {@code layers} to {@code config}. */
    static TuningSettings resolve(List<Layer> layers, BreakerConfig config) {
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        for (Layer layer : layers) {
            layer.settings().getExperiments().forEach((name, rules) -> {
                String path = layer.path() + ".experiments" + BreakerDefinitions.key(name);
                experiments.put(name, experiment(name, path, rules, config));
            });
        }
        int maxEvents = recording(layers);
        return (experiments.isEmpty() && maxEvents == 0) ? TuningSettings.NONE
                : new TuningSettings(List.copyOf(experiments.values()), maxEvents);
    }

    /**
     * Checks that each experiment of {@code tuning} goes with {@code config}, new settings of the breaker (its cap of
     * the open wait may now be below an experiment's wait, say).
     *
     * @throws BreakerConfigurationException naming the experiment's setting otherwise
     */
    static void check(TuningSettings tuning, BreakerConfig config) {
        for (Experiment experiment : tuning.experiments()) {
            try {
                experiment.on(config);
            } catch (InvalidBreakerConfigException invalid) {
                throw BreakerDefinitions.invalidValue(experiment.path() + "." + invalid.setting(), invalid);
            }
        }
    }

    private static Experiment experiment(String name, String path, @Nullable BreakerRulesProperties rules,
            BreakerConfig config) {
        if (name.trim().toLowerCase(Locale.ROOT).equals(Experiments.LIVE)) {
            throw new BreakerConfigurationException(path + " is named '" + name + "', the name of the baseline: the"
                    + " breaker's own settings, judged like every experiment and shown beside them.",
                    "Give the experiment another name: the baseline is reported as '" + Experiments.LIVE
                            + "' beside every experiment anyway.");
        }
        if (rules == null || BreakerRules.set(rules).isEmpty()) {
            throw new BreakerConfigurationException(path + " sets nothing, so it would only repeat the baseline.",
                    "Set at least one of " + String.join(", ", BreakerRules.NAMES) + " under " + path + ".");
        }
        BreakerConfig.Builder builder = config.toBuilder();
        BreakerConfig candidate;
        try {
            BreakerRules.apply(rules, builder);
            candidate = builder.build();
        } catch (InvalidBreakerConfigException invalid) {
            throw BreakerDefinitions.invalidValue(path + "." + invalid.setting(), invalid);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> all = candidate.settings();
        for (String setting : BreakerRules.set(rules)) {
            settings.put(setting, all.get(setting));
        }
        return new Experiment(name, path, settings);
    }

    /** The events to record: 0 when off. Every {@code max-events} set is checked, also where recording is off. */
    private static int recording(List<Layer> layers) {
        for (Layer layer : layers) {
            Integer maxEvents = recordingValue(layer.settings(), RecordingProperties::getMaxEvents);
            if (maxEvents != null && (maxEvents < 1 || maxEvents > Recording.MAX_EVENTS)) {
                throw BreakerConfigurationException.invalidSetting(layer.path() + ".recording.max-events",
                        maxEvents.toString(), MAX_EVENTS);
            }
        }
        Found<Boolean> enabled = Layer.deepest(layers, s -> recordingValue(s, RecordingProperties::getEnabled));
        if (enabled == null || !enabled.value()) {
            return 0;
        }
        Found<Integer> maxEvents = Layer.deepest(layers, s -> recordingValue(s, RecordingProperties::getMaxEvents));
        return (maxEvents != null) ? maxEvents.value() : RecordingProperties.DEFAULT_MAX_EVENTS;
    }

    private static <T> @Nullable T recordingValue(BreakerSettingsProperties settings,
            Function<RecordingProperties, @Nullable T> getter) {
        RecordingProperties recording = settings.getRecording();
        return (recording != null) ? getter.apply(recording) : null;
    }
}
