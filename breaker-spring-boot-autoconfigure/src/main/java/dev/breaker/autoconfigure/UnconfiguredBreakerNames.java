package dev.breaker.autoconfigure;

import dev.breaker.BreakerConfig;
import dev.breaker.definition.BreakerConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@code @CircuitBreaker} names that match no {@code breaker.instances} entry and no profile: such a breaker runs
 * on {@code breaker.defaults} and the built-in defaults, which is rarely what a misspelt name
 * ({@code "inventroy"}) meant. Each is logged as a warning with the closest configured name, or, with
 * {@code breaker.require-configured-names}, they fail startup together.
 */
final class UnconfiguredBreakerNames {

    private static final Log logger = LogFactory.getLog(BreakerAopAutoConfiguration.class);

    private final Set<String> configured;
    private final boolean required;
    private final Function<String, BreakerConfig> configs;

    /**
     * @param properties the instances and profiles that configure a name
     * @param customizers those made by {@link BreakerConfigCustomizer#forBreaker} configure a name in code
     * @param configs the config a name resolves to, to say what an unconfigured breaker runs with
     */
    UnconfiguredBreakerNames(BreakerProperties properties, Collection<BreakerConfigCustomizer> customizers,
            Function<String, BreakerConfig> configs) {
        this.configured = new TreeSet<>(properties.getInstances().keySet());
        this.configured.addAll(properties.getProfiles().keySet());
        for (BreakerConfigCustomizer customizer : customizers) {
            if (customizer instanceof NamedBreakerConfigCustomizer named) {
                this.configured.add(named.breakerName());
            }
        }
        this.required = properties.isRequireConfiguredNames();
        this.configs = configs;
    }

    /**
     * Warns about each annotated name that is not configured, or fails when configured names are required.
     *
     * @throws BreakerConfigurationException listing every such name, with
     *         {@code breaker.require-configured-names: true}
     */
    void check(Set<String> annotated) {
        List<String> unconfigured = annotated.stream().filter(name -> !configured.contains(name)).sorted().toList();
        if (unconfigured.isEmpty()) {
            return;
        }
        if (required) {
            throw failure(unconfigured);
        }
        for (String name : unconfigured) {
            BreakerConfig config = configs.apply(name);
            String closest = closest(name);
            logger.warn("@CircuitBreaker name '" + name + "' matches no breaker.instances or breaker.profiles entry,"
                    + " so it runs on breaker.defaults and the built-in defaults (failure-rate-threshold "
                    + number(config.failureRateThreshold()) + ", wait-duration-in-open-state "
                    + duration(config.waitDurationInOpenState()) + ")"
                    + (closest != null ? "; did you mean '" + closest + "'?" : ".")
                    + " Set breaker.require-configured-names=true to make this a startup failure.");
        }
    }

    /**
     * The same check for the breakers {@code breaker.http.hosts} maps hosts to: a misspelt name there would leave
     * the host on the defaults as surely as in an annotation.
     *
     * @throws BreakerConfigurationException naming the first such mapping, with
     *         {@code breaker.require-configured-names: true}
     */
    void checkHttpHosts(Map<String, String> hosts) {
        hosts.forEach((host, name) -> {
            if (configured.contains(name)) {
                return;
            }
            String path = "breaker.http.hosts[" + host + "]";
            String closest = closest(name);
            String hint = (closest != null) ? " (did you mean '" + closest + "'?)" : "";
            if (required) {
                throw new BreakerConfigurationException("breaker.require-configured-names is true, but " + path
                        + " maps the host to breaker '" + name + "', which matches no breaker.instances or"
                        + " breaker.profiles entry" + hint + ".",
                        "Map the host to a configured breaker" + (closest != null ? " such as '" + closest + "'" : "")
                                + ", or add breaker.instances" + BreakerDefinitions.key(name) + " with its settings.");
            }
            logger.warn(path + " maps the host to breaker '" + name + "', which matches no breaker.instances or"
                    + " breaker.profiles entry, so it runs on breaker.defaults and the built-in defaults" + hint + "."
                    + " Set breaker.require-configured-names=true to make this a startup failure.");
        });
    }

    private BreakerConfigurationException failure(List<String> unconfigured) {
        String names = unconfigured.stream().map(name -> {
            String closest = closest(name);
            return "    - '" + name + "'" + (closest != null ? " (did you mean '" + closest + "'?)" : "");
        }).collect(Collectors.joining("\n"));
        List<String> actions = new ArrayList<>();
        for (String name : unconfigured) {
            String closest = closest(name);
            String configure = "add breaker.instances" + BreakerDefinitions.key(name) + " (or breaker.profiles"
                    + BreakerDefinitions.key(name) + ") with its settings";
            actions.add("    - '" + name + "': " + (closest != null
                    ? "write @CircuitBreaker(name = \"" + closest + "\"), or " + configure : configure));
        }
        return new BreakerConfigurationException("breaker.require-configured-names is true, but "
                + (unconfigured.size() == 1 ? "this @CircuitBreaker name matches" : "these @CircuitBreaker names match")
                + " no breaker.instances or breaker.profiles entry (" + (configured.isEmpty() ? "there are none"
                        : "configured: " + String.join(", ", configured)) + "):\n" + names,
                "Name a configured breaker, or configure the name:\n" + String.join("\n", actions)
                        + "\nOr set breaker.require-configured-names to false to let such names run on"
                        + " breaker.defaults.");
    }

    private @Nullable String closest(String name) {
        return BreakerKeys.closest(name, configured);
    }

    private static String duration(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
    }

    private static String number(float value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
