package dev.breaker.autoconfigure;

import dev.breaker.autoconfigure.Layer.Found;
import dev.breaker.definition.BreakerDefinitionLookup;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.LayerSettings;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.definition.TuningSettings;
import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.CallTimeoutException;
import dev.breaker.FleetSync;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.SlidingWindowType;
import dev.breaker.TimeoutConfig;
import dev.breaker.healthcheck.HealthCheckSettings;
import dev.breaker.shared.RedisFleetSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.ClassUtils;

/**
 * Resolves breaker names to their settings: built-in defaults, then {@code breaker.defaults}, then the
 * profile, then the instance, then the {@link BreakerConfigCustomizer}s; and to the {@link LayerSettings}
 * (timeout, bulkhead, retry) around them, to their {@code health-check} and to their experiments and recording,
 * through the same levels.
 *
 * <p>Every profile and instance is resolved when this is created, so a bad value stops the application
 * at startup with the full property path, never at a later call.
 *
 * <p>While the application runs, a breaker's settings may change (the endpoint, {@link Breaker#reconfigure}): its
 * definition then shows the settings it runs on ({@link #running}). The properties may change too: a
 * {@link #rebound} copy resolves and checks them in full, and only then does this one {@link #adopt} them.
 */
public final class BreakerDefinitions implements BreakerDefinitionLookup {

    private static final String PREFIX = "breaker";

    /** Breakers of outbound HTTP hosts nobody mapped are named {@code http:<host>}. */
    static final String HTTP_HOST_PREFIX = "http:";

    private final List<BreakerConfigCustomizer> customizers;
    private final @Nullable ClassLoader classLoader;
    private final BreakerClock clock;
    private final BreakerScheduler scheduler;
    private final @Nullable FleetSync fleetSync;
    /** What the properties resolve to; replaced whole when they change at runtime. */
    private volatile Snapshot snapshot;
    /** The settings breakers run on since they changed at runtime, by name. */
    private final Map<String, BreakerConfig> running = new ConcurrentHashMap<>();

    public BreakerDefinitions(BreakerProperties properties, List<BreakerConfigCustomizer> customizers,
            @Nullable ClassLoader classLoader, BreakerClock clock, BreakerScheduler scheduler) {
        this(properties, customizers, classLoader, clock, scheduler, null);
    }

    /**
     * @param fleetSync how breakers marked {@code shared: true} share their state; null when there is no
     *        store, which makes {@code shared: true} a startup error
     */
    public BreakerDefinitions(BreakerProperties properties, List<BreakerConfigCustomizer> customizers,
            @Nullable ClassLoader classLoader, BreakerClock clock, BreakerScheduler scheduler,
            @Nullable FleetSync fleetSync) {
        this.fleetSync = fleetSync;
        this.customizers = List.copyOf(customizers);
        this.classLoader = classLoader;
        this.clock = clock;
        this.scheduler = scheduler;
        // breaker.defaults alone is what every unlisted name gets: check it even with no profile or instance.
        List<Layer> defaults = List.of(new Layer(PREFIX + ".defaults", properties.getDefaults()));
        BreakerConfig defaultConfig = build(defaults, null);
        TuningResolver.resolve(defaults, defaultConfig);
        fleetSync(defaults, defaultConfig);
        layerSettings(defaults);
        snapshot = new Snapshot(properties, new ConcurrentHashMap<>(), HealthCheckResolver.resolve(defaults));
        Levels.checkHttpDefaultProfile(properties);
        properties.getProfiles().keySet().forEach(this::configured);
        properties.getInstances().keySet().forEach(this::configured);
    }

    /**
     * Definitions of {@code properties}, made like these (same customizers, clock, scheduler and fleet store),
     * resolved and checked in full as at startup.
     *
     * @throws BreakerConfigurationException for the first bad value, naming its property
     */
    BreakerDefinitions rebound(BreakerProperties properties) {
        return new BreakerDefinitions(properties, customizers, classLoader, clock, scheduler, fleetSync);
    }

    /**
     * Takes the properties of {@code rebound} (see {@link #rebound}) from now on. A breaker whose settings changed
     * at runtime keeps showing them, unless it is named in {@code reset}: those get their settings from the
     * properties again.
     */
    void adopt(BreakerDefinitions rebound, Set<String> reset) {
        snapshot = rebound.snapshot;
        reset.forEach(running::remove);
    }

    /**
     * The definition of the breaker named {@code name}, whether or not the configuration mentions it, with the
     * settings it runs on when they changed while it runs.
     */
    @Override
    public BreakerDefinition definition(String name) {
        BreakerDefinition configured = configured(name);
        BreakerConfig changed = running.get(name);
        return (changed != null) ? configured.withConfig(changed) : configured;
    }

    /** The definition of the breaker named {@code name} as the properties make it, whatever changed since. */
    BreakerDefinition configured(String name) {
        return resolved(name).definition();
    }

    /** The breaker named {@code name} runs on {@code config} since a change at runtime. */
    void running(String name, BreakerConfig config) {
        running.put(name, config);
    }

    /** The {@code health-check} of the breaker named {@code name}; null when it has none. */
    public @Nullable HealthCheckSettings healthCheck(String name) {
        return resolved(name).healthCheck();
    }

    /**
     * Every distinct health check the configuration sets: those of {@code breaker.defaults}, of each profile and of
     * each instance, so that a check's target can be verified at startup whichever breakers end up created.
     */
    public List<HealthCheckSettings> configuredHealthChecks() {
        Snapshot current = snapshot;
        BreakerProperties properties = current.properties();
        Map<String, HealthCheckSettings> checks = new LinkedHashMap<>();
        if (current.defaultHealthCheck() != null) {
            checks.put(current.defaultHealthCheck().path(), current.defaultHealthCheck());
        }
        for (String name : properties.getProfiles().keySet()) {
            HealthCheckSettings check = healthCheck(name);
            if (check != null) {
                checks.putIfAbsent(check.path(), check);
            }
        }
        for (String name : properties.getInstances().keySet()) {
            HealthCheckSettings check = healthCheck(name);
            if (check != null) {
                checks.putIfAbsent(check.path(), check);
            }
        }
        return List.copyOf(checks.values());
    }

    private Resolved resolved(String name) {
        Snapshot current = snapshot;
        Resolved found = current.resolved().get(name);
        return found != null ? found : current.resolved().computeIfAbsent(name, n -> resolve(current.properties(), n));
    }

    /** Names under {@code breaker.instances}: the breakers that exist from startup. */
    public Set<String> instanceNames() {
        return new TreeSet<>(snapshot.properties().getInstances().keySet());
    }

    private Resolved resolve(BreakerProperties properties, String name) {
        Levels levels = Levels.of(properties, name);
        String profile = levels.profile();
        List<Layer> layers = levels.layers();
        Found<Boolean> health = Layer.deepest(layers, BreakerSettingsProperties::getAffectsHealth);
        boolean affectsHealth = health == null || health.value();
        LayerSettings layerSettings = layerSettings(layers);
        BreakerConfig config = withTimeout(build(layers, name), layerSettings.timeout());
        FleetSync sync = fleetSync(layers, config);
        if (sync != null) {
            config = config.toBuilder().fleetSync(sync).build();
        }
        TuningSettings tuning = TuningResolver.resolve(layers, config);
        return new Resolved(new BreakerDefinition(name, profile, config, affectsHealth, layerSettings, tuning),
                HealthCheckResolver.resolve(layers));
    }

    /**
     * How a breaker of these layers shares its state: not at all (null), through the fleet's store
     * ({@code shared: true}), or with a fleet window too ({@code shared-window: true}, which needs
     * {@code shared: true} and a time-based window).
     */
    private @Nullable FleetSync fleetSync(List<Layer> layers, BreakerConfig config) {
        Found<Boolean> shared = Layer.deepest(layers, BreakerSettingsProperties::getShared);
        Found<Boolean> window = Layer.deepest(layers, BreakerSettingsProperties::getSharedWindow);
        boolean windowed = window != null && window.value();
        if (shared == null || !shared.value()) {
            if (windowed) {
                String setting = window.path() + ".shared-window";
                throw new BreakerConfigurationException(setting + " is true, but the breaker is not shared ("
                        + (shared != null ? shared.path() + ".shared is false" : "shared is not set") + "): a fleet"
                        + " window needs shared: true and sliding-window-type: time-based.",
                        "Set " + window.path() + ".shared to true (the fleet window also needs sliding-window-type:"
                                + " time-based), or set " + setting + " to false.");
            }
            return null;
        }
        FleetSync sync = requireFleetSync(shared.path() + ".shared");
        if (!windowed) {
            return sync;
        }
        String setting = window.path() + ".shared-window";
        if (config.slidingWindowType() != SlidingWindowType.TIME_BASED) {
            throw new BreakerConfigurationException(setting + " is true, but the breaker's sliding-window-type is "
                    + "count-based: shared-window is accepted with time-based windows only (the fleet counts calls"
                    + " per second), and needs shared: true.",
                    "Set sliding-window-type: time-based for the breaker (its sliding-window-size is then in seconds),"
                            + " or set " + setting + " to false.");
        }
        if (!(sync instanceof RedisFleetSync redis)) {
            throw new BreakerConfigurationException(setting + " is true, but breaker state is shared through "
                    + sync + ", not Redis: the fleet window is kept in Redis.",
                    "Share breakers through Breaker's Redis store (remove the application's own FleetSync bean), or"
                            + " set " + setting + " to false.");
        }
        return redis.windowed();
    }

    /**
     * A breaker with a fleet window keeps a time-based window while it runs: its settings changed at {@code path}
     * (the endpoint's) may not make it count-based.
     *
     * @throws BreakerConfigurationException when they do
     */
    void checkFleetWindow(Breaker breaker, BreakerConfig next, String path) {
        if (fleetSync instanceof RedisFleetSync redis && redis.windowed(breaker)
                && next.slidingWindowType() != SlidingWindowType.TIME_BASED) {
            throw new BreakerConfigurationException(path + ".sliding-window-type is count-based, but the breaker has a"
                    + " fleet window (shared-window: true), which is accepted with time-based windows only.",
                    "Keep sliding-window-type: time-based while shared-window is true; shared-window changes only with"
                            + " a restart.");
        }
    }

    private FleetSync requireFleetSync(String path) {
        if (fleetSync == null) {
            throw new BreakerConfigurationException(path + " is true, but there is no Redis to share breaker state"
                    + " through: no Spring Data Redis connection (Lettuce) was found.",
                    "Add spring-boot-starter-data-redis to the application and point spring.data.redis.* at your"
                            + " Redis, or set " + path + " to false to keep the breaker's state local.");
        }
        return fleetSync;
    }

    private LayerSettings layerSettings(List<Layer> layers) {
        return new LayerSettingsResolver(layers, this::exceptionClasses).resolve(scheduler);
    }

    /**
     * A call that times out must count as a failure, and as slow, whatever the breaker's other settings: a
     * timeout is added to a narrowed {@code record-exceptions}, and the slow-call threshold is capped at the
     * timeout (no call that completes can be slower than the timeout anyway, so only timed-out calls change).
     */
    static BreakerConfig withTimeout(BreakerConfig config, @Nullable TimeoutConfig timeout) {
        if (timeout == null) {
            return config;
        }
        BreakerConfig.Builder builder = config.toBuilder();
        List<Class<? extends Throwable>> recorded = config.recordExceptions();
        if (!recorded.isEmpty() && recorded.stream().noneMatch(type -> type.isAssignableFrom(CallTimeoutException.class))) {
            List<Class<? extends Throwable>> withTimeouts = new ArrayList<>(recorded);
            withTimeouts.add(CallTimeoutException.class);
            builder.recordExceptions(withTimeouts);
        }
        if (config.slowCallDurationThreshold().compareTo(timeout.timeout()) > 0) {
            builder.slowCallDurationThreshold(timeout.timeout());
        }
        return builder.build();
    }

    /** Applies the layers in order, then the customizers ({@code name} null: none), and builds. */
    private BreakerConfig build(List<Layer> layers, @Nullable String name) {
        BreakerConfig.Builder builder = BreakerConfig.builder().clock(clock).scheduler(scheduler);
        for (Layer layer : layers) {
            apply(layer, builder);
        }
        try {
            if (name != null) {
                for (BreakerConfigCustomizer customizer : customizers) {
                    customizer.customize(name, builder);
                }
            }
            return builder.build();
        } catch (InvalidBreakerConfigException invalid) {
            throw invalidValue(lastLayerSetting(layers, invalid.setting()) + "." + invalid.setting(), invalid);
        }
    }

    private void apply(Layer layer, BreakerConfig.Builder builder) {
        BreakerSettingsProperties s = layer.settings();
        PropertyMapper map = PropertyMapper.get();
        try {
            BreakerRules.apply(s, builder);
            map.from(s::getMode).to(builder::mode);
            map.from(s::getRecordExceptions)
                    .as(names -> exceptionClasses(layer.path() + ".record-exceptions", names))
                    .to(builder::recordExceptions);
            map.from(s::getIgnoreExceptions)
                    .as(names -> exceptionClasses(layer.path() + ".ignore-exceptions", names))
                    .to(builder::ignoreExceptions);
        } catch (InvalidBreakerConfigException invalid) {
            throw invalidValue(layer.path() + "." + invalid.setting(), invalid);
        }
    }

    private List<Class<? extends Throwable>> exceptionClasses(String path, List<String> names) {
        List<Class<? extends Throwable>> classes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).trim();
            String element = path + "[" + i + "]";
            Class<?> type;
            try {
                type = ClassUtils.forName(name, classLoader);
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException notFound) {
                throw new BreakerConfigurationException(
                        element + " is '" + name + "', but no class of that name is on the classpath.",
                        "Write the fully-qualified name of an exception class, e.g. java.io.IOException.");
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new BreakerConfigurationException(
                        element + " is '" + name + "', which is not an exception (a Throwable).",
                        "Write the fully-qualified name of an exception class, e.g. java.io.IOException.");
            }
            classes.add(type.asSubclass(Throwable.class));
        }
        return classes;
    }

    /** The path of the deepest layer that sets {@code setting} (kebab case): the value that has the last word. */
    private static String lastLayerSetting(List<Layer> layers, String setting) {
        String property = Layer.camelCase(setting);
        Found<Object> found = Layer.deepest(layers, settings -> {
            BeanWrapperImpl wrapper = new BeanWrapperImpl(settings);
            return wrapper.isReadableProperty(property) ? wrapper.getPropertyValue(property) : null;
        });
        return (found != null) ? found.path() : layers.get(layers.size() - 1).path();
    }

    static BreakerConfigurationException invalidValue(String path, InvalidBreakerConfigException invalid) {
        return BreakerConfigurationException.invalidSetting(path, String.valueOf(invalid.value()), invalid.accepted());
    }

    /** {@code .payment} for simple keys, {@code [odd.key]} for keys Boot would write in brackets. */
    static String key(String name) {
        return name.matches("[a-z0-9-]+") ? "." + name : "[" + name + "]";
    }

    /** What a name resolves to: its definition, and its health check (null when none). */
    private record Resolved(BreakerDefinition definition, @Nullable HealthCheckSettings healthCheck) {
    }

    /**
     * The properties, the names resolved from them so far, and the health check of {@code breaker.defaults} alone
     * (what every unlisted name gets).
     */
    private record Snapshot(BreakerProperties properties, Map<String, Resolved> resolved,
            @Nullable HealthCheckSettings defaultHealthCheck) {
    }
}
