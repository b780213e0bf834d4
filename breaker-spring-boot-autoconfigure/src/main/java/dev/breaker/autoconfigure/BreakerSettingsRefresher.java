package dev.breaker.autoconfigure;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerRegistry;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.SettingsChange;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.definition.BreakerTuning;
import dev.breaker.definition.RuntimeSettings;
import dev.breaker.shared.RedisFleetSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Changes the settings of running breakers without a restart: from the {@code breaker.*} properties when they
 * change ({@link #refresh}, which Spring Cloud's {@code EnvironmentChangeEvent} calls when Breaker's Spring Cloud
 * module is present), and one breaker's from the endpoint ({@link #apply}). Both check the new settings as startup
 * does, with the same messages: nothing changes when one is wrong.
 *
 * <p>The definitions follow every change of a breaker's settings, whoever made it, so that they show what each
 * breaker runs on; a later change of the properties that concerns that breaker gives it its properties' settings
 * again. Only a breaker's rules, {@code mode}, the exceptions it records or ignores, {@code affects-health},
 * experiments and recording take effect at runtime; {@code shared}, {@code shared-window}, the layers (timeout, bulkhead, retry) and
 * {@code health-check} are read when a breaker is first used, and change with a restart.
 */
public class BreakerSettingsRefresher implements RuntimeSettings, InitializingBean {

    /** The source of the changes {@link #refresh()} makes, as the breakers' histories show it. */
    public static final String ENVIRONMENT_CHANGE = "environment change";

    private static final Log logger = LogFactory.getLog(BreakerSettingsRefresher.class);

    private final BreakerRegistry registry;
    private final BreakerDefinitions definitions;
    private final BreakerTuning tuning;
    private final Environment environment;

    public BreakerSettingsRefresher(BreakerRegistry registry, BreakerDefinitions definitions, BreakerTuning tuning,
            Environment environment) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void afterPropertiesSet() {
        registry.addBreakerListener(new BreakerListener() {

            @Override
            public void onSettingsChanged(Breaker breaker, SettingsChange change) {
                definitions.running(breaker.name(), breaker.config());
            }
        });
    }

    /** {@link #refresh(String)} as an {@value #ENVIRONMENT_CHANGE}. */
    public List<SettingsChange> refresh() {
        return refresh(ENVIRONMENT_CHANGE);
    }

    /**
     * Reads {@code breaker.*} from the environment again and gives each existing breaker whose settings there
     * changed its new settings, and its new experiments and recording. When a value is wrong, nothing changes: the
     * error is logged, naming the property and what it accepts, and the breakers keep the settings they run on.
     *
     * @param source the source of the changes, kept in the breakers' histories
     * @return the changes made, one per breaker whose settings changed; none when a value is wrong
     */
    public synchronized List<SettingsChange> refresh(String source) {
        BreakerDefinitions rebound;
        Map<Breaker, BreakerConfig> reconfigured = new LinkedHashMap<>();
        List<Breaker> retuned = new ArrayList<>();
        try {
            rebound = definitions.rebound(bind());
            for (Breaker breaker : registry.breakers()) {
                BreakerDefinition before = definitions.configured(breaker.name());
                BreakerDefinition after = rebound.configured(breaker.name());
                boolean settingsChanged = !before.config().settings().equals(after.config().settings());
                BreakerConfig next = settingsChanged ? onSameMachinery(breaker, after) : breaker.config();
                if (settingsChanged || !before.tuning().equals(after.tuning())) {
                    TuningResolver.check(after.tuning(), next);
                    if (settingsChanged) {
                        reconfigured.put(breaker, next);
                    } else {
                        retuned.add(breaker);
                    }
                }
            }
        } catch (BreakerConfigurationException invalid) {
            logRejected(invalid.getMessage(), invalid.action());
            return List.of();
        } catch (BindException invalid) {
            FailureAnalysis analysis = new BreakerBindFailureAnalyzer().analyze(invalid);
            logRejected(analysis != null ? analysis.getDescription() : invalid.getMessage(),
                    analysis != null ? analysis.getAction() : "Fix the breaker.* properties.");
            return List.of();
        }
        definitions.adopt(rebound, namesOf(reconfigured.keySet()));
        List<SettingsChange> changes = new ArrayList<>();
        reconfigured.forEach((breaker, config) -> {
            SettingsChange change = breaker.reconfigure(config, source); // its experiments follow (BreakerTuning)
            if (!change.changed().isEmpty()) {
                changes.add(change);
            }
        });
        retuned.forEach(tuning::update);
        return changes;
    }

    /**
     * Puts {@code settings} on top of the settings the breaker runs on, as the endpoint asks: the names must be
     * those of its rules, the values what a configuration file accepts, checked as at startup with messages naming
     * {@code breaker.instances.<name>.<setting>}; the experiments must still go with the new settings.
     */
    @Override
    public synchronized SettingsChange apply(Breaker breaker, Map<String, ?> settings, String source) {
        String path = "breaker.instances" + BreakerDefinitions.key(breaker.name());
        if (settings.isEmpty()) {
            throw new BreakerConfigurationException("settings names no setting to change.",
                    "Send one or more of " + String.join(", ", BreakerRules.NAMES) + ".");
        }
        BreakerRulesProperties rules = BreakerRules.read(settings, path);
        BreakerConfig.Builder builder = breaker.config().toBuilder();
        BreakerConfig next;
        try {
            BreakerRules.apply(rules, builder);
            next = builder.build();
        } catch (InvalidBreakerConfigException invalid) {
            throw BreakerDefinitions.invalidValue(path + "." + invalid.setting(), invalid);
        }
        BreakerDefinition definition = definitions.definition(breaker.name());
        next = BreakerDefinitions.withTimeout(next, definition.layers().timeout());
        TuningResolver.check(definition.tuning(), next);
        definitions.checkFleetWindow(breaker, next, path);
        return breaker.reconfigure(next, source);
    }

    /**
     * The new settings on the breaker's own clock, scheduler and fleet store, which cannot change while it runs:
     * {@code shared} takes effect at the next start.
     */
    private static BreakerConfig onSameMachinery(Breaker breaker, BreakerDefinition after) {
        BreakerConfig current = breaker.config();
        if (current.fleetSync().isPresent() != after.config().fleetSync().isPresent()) {
            logger.warn("Circuit breaker '" + breaker.name() + "' is " + (current.fleetSync().isPresent() ? "" : "not ")
                    + "shared with the fleet, and stays so until the application restarts: shared cannot change while"
                    + " it runs.");
        } else if (current.fleetSync().isPresent() && current.fleetSync().get() != after.config().fleetSync().get()) {
            logger.warn("Circuit breaker '" + breaker.name() + "' keeps " + (current.fleetSync().get()
                    instanceof RedisFleetSync ? "no fleet window" : "its fleet window") + " until the application"
                    + " restarts: shared-window cannot change while it runs.");
        }
        return after.config().toBuilder().clock(current.clock()).scheduler(current.scheduler())
                .fleetSync(current.fleetSync().orElse(null)).build();
    }

    private BreakerProperties bind() {
        NoUnboundElementsBindHandler handler = new NoUnboundElementsBindHandler(
                new IgnoreTopLevelConverterNotFoundBindHandler(), new UnboundElementsSourceFilter());
        return Binder.get(environment).bindOrCreate("breaker", Bindable.of(BreakerProperties.class), handler);
    }

    private static void logRejected(String description, String action) {
        logger.error("The breaker.* properties changed, but not to settings the breakers can take, so none changed: "
                + description + " " + action);
    }

    private static Set<String> namesOf(Set<Breaker> breakers) {
        return Set.copyOf(breakers.stream().map(Breaker::name).toList());
    }
}
