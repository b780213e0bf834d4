package dev.breaker.autoconfigure;

import dev.breaker.autoconfigure.BreakerKeys.Diagnosis;
import dev.breaker.autoconfigure.BreakerKeys.Key;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The startup report of {@code breaker.*} keys that bind to nothing, whether written in a configuration file or
 * as an environment variable: a known key whose value is empty, or unknown keys, one a line with the closest
 * valid key or the level where the key belongs, then the keys accepted at each level where one was found.
 */
final class UnboundKeysReport {

    private UnboundKeysReport() {
    }

    /**
     * The report of {@code unbound}, or null when none of them is an unknown key (they are valid keys whose
     * value is empty, or not under {@code breaker}).
     */
    static @Nullable Report of(Collection<ConfigurationProperty> unbound) {
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> levels = new LinkedHashMap<>();
        boolean variables = false;
        for (ConfigurationProperty property : unbound) {
            if (!property.getName().toString().startsWith("breaker.")) {
                continue;
            }
            Diagnosis diagnosis = BreakerKeys.diagnose(property.getName());
            if (diagnosis.canonical() != null) {
                continue;
            }
            String variable = variable(property.getOrigin());
            variables |= variable != null;
            lines.add(line(property, variable, diagnosis));
            levels.putIfAbsent(diagnosis.level(), diagnosis.accepted());
        }
        if (lines.isEmpty()) {
            return null;
        }
        StringBuilder action = new StringBuilder(variables ? variableAdvice() : "Fix or remove the key.");
        levels.forEach((level, accepted) -> action.append("\n")
                .append(level.equals("breaker") ? "Directly under breaker" : "Under " + level)
                .append(", the accepted keys are: ").append(String.join(", ", accepted)).append("."));
        return new Report(lines.stream().sorted().collect(Collectors.joining("\n")) + ".", action.toString());
    }

    /** The first known key of {@code unbound} written with an empty value, or null when there is none. */
    static @Nullable Report emptyValue(Collection<ConfigurationProperty> unbound) {
        for (ConfigurationProperty property : unbound) {
            Key key = property.getName().toString().startsWith("breaker.")
                    ? BreakerKeys.diagnose(property.getName()).canonical() : null;
            String accepted = key != null ? BreakerSettings.acceptedFor(key.property()) : null;
            if (accepted != null && blank(property.getValue())) {
                String name = key.property();
                return new Report("Invalid breaker setting: " + name + " is empty" + origin(property)
                        + ", but it must be " + accepted + ".",
                        "Give " + name + " a value, or remove the key to use the default.");
            }
        }
        return null;
    }

    /** Where a property came from: {@code " (from <origin>)"}, or nothing when unknown. */
    static String origin(ConfigurationProperty property) {
        String variable = variable(property.getOrigin());
        if (variable != null) {
            return " (from environment variable " + variable + ")";
        }
        return property.getOrigin() != null ? " (from " + property.getOrigin() + ")" : "";
    }

    private static String line(ConfigurationProperty property, @Nullable String variable, Diagnosis diagnosis) {
        String subject = variable != null
                ? "Environment variable " + variable + " (" + property.getName() + ")"
                : property.getName() + origin(property);
        // An experiment tries the breaker's rules only: "mode" there is a breaker setting, but not one to try.
        String what = diagnosis.level().endsWith(".experiments.<name>") ? " is not a setting an experiment can try"
                : " is not a breaker setting";
        return subject + what + hint(diagnosis, variable != null);
    }

    private static String hint(Diagnosis diagnosis, boolean variable) {
        Key correction = diagnosis.correction();
        if (correction != null) {
            return " (did you mean " + (variable ? correction.variable() + ", for " + correction.property()
                    : correction.shown()) + "?)";
        }
        if (!diagnosis.elsewhere().isEmpty()) {
            String key = diagnosis.elsewhere().get(0).shown();
            List<String> places = diagnosis.elsewhere().stream()
                    .map(place -> variable ? place.variable() + " (" + place.property() + ")" : place.property())
                    .toList();
            return " (" + key + " is accepted only as " + orList(places) + ")";
        }
        return "";
    }

    private static String variableAdvice() {
        return "Fix or remove the variable; rename it if it is not meant for Breaker, as every BREAKER_ variable is"
                + " read as a breaker.* key: the key in upper case, with _ for each dot and without dashes"
                + " (BREAKER_PROFILES_INVENTORY_FAILURERATETHRESHOLD is"
                + " breaker.profiles.inventory.failure-rate-threshold).";
    }

    private static boolean blank(@Nullable Object value) {
        return value == null || value.toString().isBlank();
    }

    private static String orList(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** The environment variable a property came from, or null when it came from elsewhere. */
    private static @Nullable String variable(@Nullable Origin origin) {
        if (origin instanceof SystemEnvironmentOrigin environment) {
            return environment.getProperty();
        }
        if (origin instanceof PropertySourceOrigin source
                && source.getPropertySource() instanceof SystemEnvironmentPropertySource) {
            return source.getPropertyName();
        }
        return null;
    }

    /** What is wrong, one key a line, and what to write instead. */
    record Report(String description, String action) {
    }
}
