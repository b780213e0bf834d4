package dev.breaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.BreakerConfig;
import dev.breaker.RetryConfig;
import dev.breaker.healthcheck.HealthCheckSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata IDEs complete {@code breaker.*} from: every key has a description and the default
 * it gets when no level sets it, every enum its values, and the maps of profiles and instances are typed, so
 * that IDEs complete {@code breaker.profiles.<name>.<key>} from the value class (whose own metadata, written
 * because it is a properties source, describes every key, {@code profile} included).
 */
class ConfigurationMetadataTest {

    /** Keys whose absence means something no single default value can say, with what it means. */
    private static final Map<String, String> WITHOUT_DEFAULT = Map.ofEntries(
            Map.entry("breaker.profiles", "no profiles"),
            Map.entry("breaker.instances", "no instances"),
            Map.entry("breaker.defaults.record-exceptions", "every exception counts as a failure"),
            Map.entry("breaker.defaults.ignore-exceptions", "no exception is ignored"),
            Map.entry("breaker.defaults.retry.retry-exceptions",
                    "the exceptions the breaker counts as failures are retried"),
            Map.entry("breaker.defaults.retry.ignore-exceptions", "no exception is exempt from retry"),
            Map.entry("breaker.defaults.health-check.indicator", "no health check (unless url is set)"),
            Map.entry("breaker.defaults.health-check.url", "no health check (unless indicator is set)"),
            Map.entry("breaker.defaults.experiments", "no experiments"),
            Map.entry("breaker.shared.namespace", "spring.application.name, else \"application\""),
            Map.entry("breaker.shared.instance-id", "host name, process id and a random suffix, made at startup"),
            Map.entry("breaker.http.default-profile", "hosts' breakers run on breaker.defaults and the built-in defaults"),
            Map.entry("breaker.http.hosts", "no host is mapped: every host gets a breaker of its own"));

    /** Keys of an instance only, with what their absence means (the other keys default as under breaker.defaults). */
    private static final Map<String, String> INSTANCE_ONLY_WITHOUT_DEFAULT = Map.of(
            "profile", "the profile named like the breaker, if there is one");

    private final JsonNode metadata = read("META-INF/spring-configuration-metadata.json");

    @Test
    void everyBreakerPropertyHasADescriptionAndADefault() {
        List<String> problems = new ArrayList<>();
        for (JsonNode property : breakerProperties()) {
            String name = property.get("name").asString();
            if (!property.hasNonNull("description") || property.get("description").asString().isBlank()) {
                problems.add(name + " has no description");
            }
            if (!property.has("defaultValue") && !WITHOUT_DEFAULT.containsKey(name)) {
                problems.add(name + " has no default (or list it in WITHOUT_DEFAULT with what its absence means)");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(WITHOUT_DEFAULT.keySet()).allSatisfy(name -> assertThat(property(name)).as(name).isNotNull());
    }

    @Test
    void descriptionsFollowTheHouseStyle() {
        for (JsonNode property : breakerProperties()) {
            String description = property.get("description").asString();
            assertThat(description).as(property.get("name").asString()).doesNotStartWith("The ").endsWith(".");
            if ("java.lang.Boolean".equals(property.get("type").asString())) {
                assertThat(description).as(property.get("name").asString()).startsWith("Whether ");
            }
        }
    }

    @Test
    void theDefaultsAreTheOnesTheCodeUses() {
        BeanWrapperImpl properties = new BeanWrapperImpl(new BreakerProperties());
        BreakerConfig breaker = BreakerConfig.defaults();
        RetryConfig retry = RetryConfig.defaults();
        HealthCheckSettings healthCheck = HealthCheckSettings.indicator("breaker.defaults.health-check.indicator", "db");
        int compared = 0;
        for (JsonNode property : breakerProperties()) {
            String name = property.get("name").asString();
            if (!property.has("defaultValue")) {
                continue;
            }
            String key = name.substring("breaker.".length());
            Object actual;
            if (key.startsWith("defaults.recording.")) {
                actual = Map.of("enabled", false, "max-events", RecordingProperties.DEFAULT_MAX_EVENTS)
                        .get(key.substring("defaults.recording.".length()));
            } else if (key.startsWith("defaults.health-check.")) {
                actual = valueOf(healthCheck, key.substring("defaults.health-check.".length()));
            } else if (key.startsWith("defaults.retry.")) {
                actual = valueOf(retry, key.substring("defaults.retry.".length()));
            } else if (key.startsWith("defaults.")) {
                actual = valueOf(breaker, key.substring("defaults.".length()));
            } else {
                actual = properties.getPropertyValue(camelCase(key));
            }
            if (actual == null) {
                continue; // settings the core has no accessor for: timeout, bulkhead and shared default to off
            }
            assertThat(convert(property.get("defaultValue"), actual.getClass())).as(name).isEqualTo(actual);
            compared++;
        }
        assertThat(compared).as("defaults compared with the code").isGreaterThan(25);
    }

    @Test
    void everyEnumHasItsValuesAsHints() {
        Map<String, JsonNode> hints = new TreeMap<>();
        metadata.get("hints").forEach(hint -> hints.put(hint.get("name").asString(), hint));
        for (JsonNode property : breakerProperties()) {
            Class<?> type = classOrNull(property.get("type").asString());
            if (type == null || !type.isEnum()) {
                continue;
            }
            String name = property.get("name").asString();
            assertThat(hints).as("hints of %s", name).containsKey(name);
            List<String> values = new ArrayList<>();
            hints.get(name).get("values").forEach(value -> {
                values.add(value.get("value").asString());
                assertThat(value.hasNonNull("description")).as("description of %s: %s", name, value).isTrue();
            });
            assertThat(values).as(name).containsExactlyElementsOf(Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList());
        }
    }

    @Test
    void profilesAndInstancesAreMapsOfTypedSettings() {
        assertThat(property("breaker.profiles").get("type").asString())
                .isEqualTo("java.util.Map<java.lang.String," + BreakerSettingsProperties.class.getName() + ">");
        assertThat(property("breaker.instances").get("type").asString())
                .isEqualTo("java.util.Map<java.lang.String," + BreakerInstanceProperties.class.getName() + ">");
    }

    @Test
    void everyKeyOfAProfileOrInstanceIsDescribedWithTheDefaultOfTheLevelsAbove() {
        TreeSet<String> defaults = new TreeSet<>();
        breakerProperties().forEach(property -> {
            String name = property.get("name").asString();
            if (name.startsWith("breaker.defaults.")) {
                defaults.add(name.substring("breaker.defaults.".length()));
            }
        });
        TreeSet<String> profileKeys = new TreeSet<>();
        for (JsonNode key : typeProperties(BreakerSettingsProperties.class)) {
            profileKeys.add(key.get("name").asString());
            assertThat(key.hasNonNull("description")).as(key.get("name").asString()).isTrue();
        }
        assertThat(profileKeys).isEqualTo(defaults);

        TreeSet<String> instanceOnly = new TreeSet<>();
        for (JsonNode key : typeProperties(BreakerInstanceProperties.class)) {
            String name = key.get("name").asString();
            assertThat(key.hasNonNull("description")).as(name).isTrue();
            if (!defaults.contains(name)) {
                instanceOnly.add(name);
            }
        }
        assertThat(instanceOnly).isEqualTo(INSTANCE_ONLY_WITHOUT_DEFAULT.keySet());
    }

    @Test
    void experimentsAreMapsOfTheRulesAnExperimentCanTry() {
        assertThat(property("breaker.defaults.experiments").get("type").asString())
                .isEqualTo("java.util.Map<java.lang.String," + BreakerRulesProperties.class.getName() + ">");
        TreeSet<String> rules = new TreeSet<>();
        for (JsonNode key : typeProperties(BreakerRulesProperties.class)) {
            rules.add(key.get("name").asString());
            assertThat(key.hasNonNull("description")).as(key.get("name").asString()).isTrue();
        }
        assertThat(rules).containsExactlyElementsOf(BreakerRules.NAMES)
                .contains("failure-rate-threshold", "wait-duration-in-open-state", "sliding-window-type")
                .doesNotContain("mode", "record-exceptions", "shared", "timeout", "experiments", "recording");
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        JsonNode enabled = property("management.health.circuitbreakers.enabled");
        assertThat(enabled).isNotNull();
        assertThat(enabled.get("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(enabled.get("defaultValue").asBoolean()).isTrue();
        assertThat(enabled.get("description").asString()).startsWith("Whether to enable");
    }

    private List<JsonNode> breakerProperties() {
        List<JsonNode> properties = new ArrayList<>();
        metadata.get("properties").forEach(property -> {
            if (property.get("name").asString().startsWith("breaker.")) {
                properties.add(property);
            }
        });
        assertThat(properties).hasSizeGreaterThan(40);
        return properties;
    }

    private @Nullable JsonNode property(String name) {
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asString().equals(name)) {
                return property;
            }
        }
        return null;
    }

    private static JsonNode typeProperties(Class<?> type) {
        return read("META-INF/spring/configuration-metadata/" + type.getName() + ".json").get("properties");
    }

    private static @Nullable Object valueOf(Object config, String key) {
        try {
            Method accessor = config.getClass().getMethod(camelCase(key));
            return accessor.invoke(config);
        } catch (NoSuchMethodException noAccessor) {
            return null;
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The metadata's default ("60s", "count-based", 50) read as the binder reads it. */
    private static @Nullable Object convert(JsonNode value, Class<?> type) {
        if (value.isArray()) { // a list default, e.g. ["5xx"]: the elements joined as a binder reads "5xx,429"
            List<String> elements = new ArrayList<>();
            value.forEach(element -> elements.add(element.asString()));
            return ApplicationConversionService.getSharedInstance().convert(String.join(",", elements), type);
        }
        return ApplicationConversionService.getSharedInstance().convert(value.asString(), type);
    }

    private static @Nullable Class<?> classOrNull(String type) {
        try {
            return Class.forName(type, false, ConfigurationMetadataTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notAClass) {
            return null;
        }
    }

    private static String camelCase(String kebab) {
        return Layer.camelCase(kebab);
    }

    private static JsonNode read(String path) {
        try (InputStream json = new ClassPathResource(path).getInputStream()) {
            return JsonMapper.builder().build().readTree(json);
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + path, ex);
        }
    }
}
