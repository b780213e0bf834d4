package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerDefinitionLookup;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.definition.LayerSettings;
import dev.breaker.definition.BreakerDefinition;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerScheduler;
import dev.breaker.CallTimeoutException;
import dev.breaker.FleetSync;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.TimeoutConfig;
import dev.breaker.healthcheck.HealthCheckSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.ClassUtils;

/**
 * Resolves breaker names to their settings: built-in defaults, then {@code breaker.defaults}, then the
 * profile, then the instance, then the {@link BreakerConfigCustomizer}s; and to the {@link LayerSettings}
 * (timeout, bulkhead, retry) around them and to their {@code health-check}, through the same levels.
 *
 * <p>Every profile and instance is resolved when this is created, so a bad value stops the application
 * at startup with the full property path, never at a later call.
 */
public final class BreakerDefinitions implements BreakerDefinitionLookup {

    private static final String PREFIX = "breaker";

    /** Breakers of outbound HTTP hosts nobody mapped are named {@code http:<host>}. */
    static final String HTTP_HOST_PREFIX = "http:";

    private final BreakerProperties properties;
    private final List<BreakerConfigCustomizer> customizers;
    private final @Nullable ClassLoader classLoader;
    private final BreakerClock clock;
    private final BreakerScheduler scheduler;
    private final @Nullable FleetSync fleetSync;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();
    /** The health check of {@code breaker.defaults} alone: what every unlisted name gets. */
    private final @Nullable HealthCheckSettings defaultHealthCheck;

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
        this.properties = properties;
        this.customizers = List.copyOf(customizers);
        this.classLoader = classLoader;
        this.clock = clock;
        this.scheduler = scheduler;
        // breaker.defaults alone is what every unlisted name gets: check it even with no profile or instance.
        List<Layer> defaults = List.of(new Layer(PREFIX + ".defaults", properties.getDefaults()));
        build(defaults, null);
        if (Boolean.TRUE.equals(properties.getDefaults().getShared())) {
            requireFleetSync(PREFIX + ".defaults.shared");
        }
        layerSettings(defaults);
        defaultHealthCheck = HealthCheckResolver.resolve(defaults);
        checkHttpDefaultProfile();
        properties.getProfiles().keySet().forEach(this::definition);
        properties.getInstances().keySet().forEach(this::definition);
    }

    /** The definition of the breaker named {@code name}, whether or not the configuration mentions it. */
    @Override
    public BreakerDefinition definition(String name) {
        return resolved(name).definition();
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
        Map<String, HealthCheckSettings> checks = new LinkedHashMap<>();
        if (defaultHealthCheck != null) {
            checks.put(defaultHealthCheck.path(), defaultHealthCheck);
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
        Resolved found = resolved.get(name);
        return found != null ? found : resolved.computeIfAbsent(name, this::resolve);
    }

    /** Names under {@code breaker.instances}: the breakers that exist from startup. */
    public Set<String> instanceNames() {
        return new TreeSet<>(properties.getInstances().keySet());
    }

    private Resolved resolve(String name) {
        BreakerInstanceProperties instance = properties.getInstances().get(name);
        String profile = profileOf(name, instance);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer(PREFIX + ".defaults", properties.getDefaults()));
        if (profile != null) {
            layers.add(new Layer(PREFIX + ".profiles" + key(profile), properties.getProfiles().get(profile)));
        }
        if (instance != null) {
            layers.add(new Layer(PREFIX + ".instances" + key(name), instance));
        }
        Found<Boolean> health = Layer.deepest(layers, BreakerSettingsProperties::getAffectsHealth);
        boolean affectsHealth = health == null || health.value();
        Found<Boolean> shared = Layer.deepest(layers, BreakerSettingsProperties::getShared);
        Found<Boolean> sharedBy = (shared != null && shared.value()) ? shared : null;
        LayerSettings layerSettings = layerSettings(layers);
        BreakerConfig config = withTimeout(build(layers, name), layerSettings.timeout());
        if (sharedBy != null) {
            config = config.toBuilder().fleetSync(requireFleetSync(sharedBy.path() + ".shared")).build();
        }
        return new Resolved(new BreakerDefinition(name, profile, config, affectsHealth, layerSettings),
                HealthCheckResolver.resolve(layers));
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
    private static BreakerConfig withTimeout(BreakerConfig config, @Nullable TimeoutConfig timeout) {
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

    private @Nullable String profileOf(String name, @Nullable BreakerInstanceProperties instance) {
        if (instance != null && instance.getProfile() != null) {
            String profile = instance.getProfile();
            if (!properties.getProfiles().containsKey(profile)) {
                String path = PREFIX + ".instances" + key(name) + ".profile";
                throw new BreakerConfigurationException(
                        path + " names profile '" + profile + "', which does not exist. Profiles that exist: "
                                + new TreeSet<>(properties.getProfiles().keySet()) + ".",
                        "Set " + path + " to one of " + new TreeSet<>(properties.getProfiles().keySet())
                                + ", or define breaker.profiles." + profile + ".");
            }
            return profile;
        }
        if (properties.getProfiles().containsKey(name)) {
            return name;
        }
        // A host's own breaker (outbound HTTP): the profile chosen for hosts nobody mapped.
        return name.startsWith(HTTP_HOST_PREFIX) ? properties.getHttp().getDefaultProfile() : null;
    }

    /**
     * {@code breaker.http.default-profile} must name a profile: hosts' breakers would otherwise silently run on the
     * defaults.
     */
    private void checkHttpDefaultProfile() {
        String profile = properties.getHttp().getDefaultProfile();
        if (profile != null && !properties.getProfiles().containsKey(profile)) {
            String path = PREFIX + ".http.default-profile";
            Set<String> profiles = new TreeSet<>(properties.getProfiles().keySet());
            throw new BreakerConfigurationException(path + " names profile '" + profile
                    + "', which does not exist. Profiles that exist: " + profiles + ".",
                    "Set " + path + " to one of " + profiles + ", define breaker.profiles." + profile
                            + ", or remove " + path + " to give hosts' breakers breaker.defaults.");
        }
    }

    private void apply(Layer layer, BreakerConfig.Builder builder) {
        BreakerSettingsProperties s = layer.settings;
        PropertyMapper map = PropertyMapper.get();
        try {
            map.from(s::getSlidingWindowType).to(builder::slidingWindowType);
            map.from(s::getSlidingWindowSize).to(builder::slidingWindowSize);
            map.from(s::getSlidingWindowMaxAge).to(builder::slidingWindowMaxAge);
            map.from(s::getMinimumNumberOfCalls).to(builder::minimumNumberOfCalls);
            map.from(s::getFailureRateThreshold).to(builder::failureRateThreshold);
            map.from(s::getSlowCallRateThreshold).to(builder::slowCallRateThreshold);
            map.from(s::getSlowCallDurationThreshold).to(builder::slowCallDurationThreshold);
            map.from(s::getConsecutiveFailureThreshold).to(builder::consecutiveFailureThreshold);
            map.from(s::getWaitDurationInOpenState).to(builder::waitDurationInOpenState);
            map.from(s::getWaitDurationJitter).to(builder::waitDurationJitter);
            map.from(s::getWaitDurationMultiplier).to(builder::waitDurationMultiplier);
            map.from(s::getMaxWaitDurationInOpenState).to(builder::maxWaitDurationInOpenState);
            map.from(s::getAutomaticTransitionToHalfOpen).to(builder::automaticTransitionToHalfOpen);
            map.from(s::getPermittedNumberOfCallsInHalfOpenState).to(builder::permittedNumberOfCallsInHalfOpenState);
            map.from(s::getSuccessThresholdInHalfOpenState).to(builder::successThresholdInHalfOpenState);
            map.from(s::getMaxWaitDurationInHalfOpenState).to(builder::maxWaitDurationInHalfOpenState);
            map.from(s::getMode).to(builder::mode);
            map.from(s::getRecordExceptions)
                    .as(names -> exceptionClasses(layer.path + ".record-exceptions", names))
                    .to(builder::recordExceptions);
            map.from(s::getIgnoreExceptions)
                    .as(names -> exceptionClasses(layer.path + ".ignore-exceptions", names))
                    .to(builder::ignoreExceptions);
        } catch (InvalidBreakerConfigException invalid) {
            throw invalidValue(layer.path + "." + invalid.setting(), invalid);
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
        return (found != null) ? found.path() : layers.get(layers.size() - 1).path;
    }

    static BreakerConfigurationException invalidValue(String path, InvalidBreakerConfigException invalid) {
        return BreakerConfigurationException.invalidSetting(path, String.valueOf(invalid.value()), invalid.accepted());
    }

    /** {@code .payment} for simple keys, {@code [odd.key]} for keys Boot would write in brackets. */
    static String key(String name) {
        return name.matches("[a-z0-9-]+") ? "." + name : "[" + name + "]";
    }

    /**
     * One level of configuration a breaker resolves through: {@code breaker.defaults}, then its profile, then
     * its instance. The deepest level that sets a key has the last word.
     */
    record Layer(String path, BreakerSettingsProperties settings) {

        /** The value of the deepest layer that sets it, with that layer's path; {@code null} when none does. */
        static <T> @Nullable Found<T> deepest(List<Layer> layers,
                Function<BreakerSettingsProperties, @Nullable T> getter) {
            for (int i = layers.size() - 1; i >= 0; i--) {
                Layer layer = layers.get(i);
                T value = getter.apply(layer.settings());
                if (value != null) {
                    return new Found<>(value, layer.path());
                }
            }
            return null;
        }

        static String camelCase(String kebabSetting) {
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char c : kebabSetting.toCharArray()) {
                if (c == '-') {
                    upper = true;
                } else {
                    camel.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return camel.toString();
        }
    }

    /** What a name resolves to: its definition, and its health check (null when none). */
    private record Resolved(BreakerDefinition definition, @Nullable HealthCheckSettings healthCheck) {
    }

    /** A value and the path of the level it came from. */
    record Found<T>(T value, String path) {
    }
}
