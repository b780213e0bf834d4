package dev.breaker.definition;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerRegistry;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.SettingsChange;
import dev.breaker.tuning.Experiments;
import dev.breaker.tuning.Recording;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The shadow experiments and recordings of a registry's breakers, as their {@link TuningSettings} say: attached when
 * a breaker is created, the experiments started again on the breaker's new settings after each change of them (the
 * baseline is the settings it runs on), and both changed with the configuration ({@link #update}). A breaker with
 * neither has nothing attached, so its calls cost what they did. The endpoint and the meters read them from here.
 */
public final class BreakerTuning implements BreakerRegistry.RegistryListener, BreakerListener, AutoCloseable {

    private static final Log logger = LogFactory.getLog(BreakerTuning.class);

    private final Function<String, TuningSettings> settings;
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private final List<Consumer<Breaker>> experimentListeners = new CopyOnWriteArrayList<>();

    /**
     * Attaches what {@code settings} gives to the breakers of {@code registry}, present and future.
     *
     * @param settings the experiments and recording of a breaker name
     */
    public BreakerTuning(BreakerRegistry registry, Function<String, TuningSettings> settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        registry.addRegistryListener(this);
        registry.addBreakerListener(this);
        registry.breakers().forEach(this::update);
    }

    /** The experiments running on the breaker named {@code name}; empty when it has none. */
    public Optional<Experiments> experiments(String name) {
        Attached found = attached.get(name);
        return Optional.ofNullable(found != null ? found.experiments() : null);
    }

    /** The recording of the breaker named {@code name}; empty when it is not recorded. */
    public Optional<Recording> recording(String name) {
        Attached found = attached.get(name);
        return Optional.ofNullable(found != null ? found.recording() : null);
    }

    /** The names of the breakers that have experiments or a recording attached. */
    public Set<String> names() {
        return Set.copyOf(attached.keySet());
    }

    /** Tells {@code listener} about each breaker whose experiments start, again or for the first time, from now on. */
    public void onExperimentsStarted(Consumer<Breaker> listener) {
        experimentListeners.add(listener);
    }

    /**
     * Attaches to {@code breaker} what its settings now say: experiments start again on the settings it runs on,
     * a recording goes on unless its size changed, and what is no longer wanted is closed.
     */
    public synchronized void update(Breaker breaker) {
        TuningSettings wanted = settings.apply(breaker.name());
        Attached current = attached.get(breaker.name());
        if (current != null && current.breaker() != breaker) {
            current.close(); // another breaker of the same name took the place of the one it was attached to
            current = null;
        }
        if (current != null && current.experiments() != null) {
            current.experiments().close();
        }
        Map<String, BreakerConfig> candidates = candidates(breaker, wanted);
        Experiments experiments = candidates.isEmpty() ? null : Experiments.attach(breaker, candidates);
        Recording recording = (current != null) ? current.recording() : null;
        if (recording != null && current.recordingMaxEvents() != wanted.recordingMaxEvents()) {
            recording.close();
            recording = null;
        }
        if (recording == null && wanted.recording()) {
            recording = Recording.attach(breaker, wanted.recordingMaxEvents());
        }
        if (experiments == null && recording == null) {
            attached.remove(breaker.name());
        } else {
            attached.put(breaker.name(), new Attached(breaker, experiments, recording, wanted.recordingMaxEvents()));
        }
        if (experiments != null) {
            experimentListeners.forEach(listener -> listener.accept(breaker));
        }
    }

    @Override
    public void onBreakerAdded(Breaker breaker) {
        update(breaker);
    }

    @Override
    public synchronized void onBreakerRemoved(Breaker breaker) {
        Attached found = attached.get(breaker.name());
        if (found != null && found.breaker() == breaker) {
            attached.remove(breaker.name());
            found.close();
        }
    }

    /** The baseline is the settings the breaker runs on: its experiments start again on the new ones. */
    @Override
    public void onSettingsChanged(Breaker breaker, SettingsChange change) {
        if (attached.containsKey(breaker.name()) || settings.apply(breaker.name()).any()) {
            update(breaker);
        }
    }

    /** Stops every experiment and recording; what they found stays readable. */
    @Override
    public synchronized void close() {
        attached.values().forEach(Attached::close);
    }

    /**
     * Each experiment on the settings the breaker runs on. One that no longer goes with them (a wait above the
     * breaker's new cap, say) is left out, with a warning; the others run.
     */
    private static Map<String, BreakerConfig> candidates(Breaker breaker, TuningSettings wanted) {
        Map<String, BreakerConfig> candidates = new LinkedHashMap<>();
        for (TuningSettings.Experiment experiment : wanted.experiments()) {
            try {
                candidates.put(experiment.name(), experiment.on(breaker.config()));
            } catch (InvalidBreakerConfigException invalid) {
                logger.warn("Experiment '" + experiment.name() + "' of circuit breaker '" + breaker.name()
                        + "' does not go with the breaker's settings and is left out: " + experiment.path() + "."
                        + invalid.getMessage());
            }
        }
        return candidates;
    }

    /** What is attached to one breaker; each part null when off. */
    private record Attached(Breaker breaker, @Nullable Experiments experiments, @Nullable Recording recording,
            int recordingMaxEvents) {

        void close() {
            if (experiments != null) {
                experiments.close();
            }
            if (recording != null) {
                recording.close();
            }
        }
    }
}
