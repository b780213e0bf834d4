package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.convert.ConverterNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports {@code breaker.*} values that cannot be bound at all (a word where a number belongs, an
 * unknown window type, a misspelt key) in the same words as out-of-range values: the property, the
 * value, where it came from and what the setting accepts. Other bind failures are left to Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class BreakerBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        UnboundConfigurationPropertiesException unbound =
                findCause(cause, UnboundConfigurationPropertiesException.class);
        if (unbound != null) {
            return unknownKeys(unbound, cause);
        }
        ConfigurationProperty property = cause.getProperty();
        if (property == null) {
            return singleValueForObject(cause);
        }
        if (!property.getName().toString().startsWith("breaker.")) {
            return null;
        }
        String name = property.getName().toString();
        String accepted = BreakerSettings.acceptedFor(name);
        if (accepted == null) {
            return null;
        }
        Object value = property.getValue();
        String shown = blank(value) ? "empty" : "'" + value + "'";
        return analysis(BreakerConfigurationException.invalidSetting(name, shown + origin(property.getOrigin()),
                accepted), cause);
    }

    /**
     * A single value where an object belongs ({@code retry: 3}): the binder tried to convert it, failed, and
     * kept no property to name, only the path.
     */
    private @Nullable FailureAnalysis singleValueForObject(BindException cause) {
        String name = cause.getName().toString();
        String accepted = BreakerSettings.acceptedFor(name);
        if (!name.startsWith("breaker.") || accepted == null
                || findCause(cause, ConverterNotFoundException.class) == null) {
            return null;
        }
        return analysis(BreakerConfigurationException.invalidSetting(name, "a single value", accepted), cause);
    }

    private static @Nullable FailureAnalysis unknownKeys(UnboundConfigurationPropertiesException unbound,
            BindException cause) {
        if (unbound.getUnboundProperties().stream().noneMatch(p -> p.getName().toString().startsWith("breaker."))) {
            return null;
        }
        // A known key with an empty value binds to nothing, so Boot reports it as unbound: say it is empty.
        ConfigurationProperty empty = unbound.getUnboundProperties().stream()
                .filter(p -> BreakerSettings.acceptedFor(p.getName().toString()) != null && blank(p.getValue()))
                .findFirst().orElse(null);
        if (empty != null) {
            String name = empty.getName().toString();
            return new FailureAnalysis("Invalid breaker setting: " + name + " is empty" + origin(empty.getOrigin())
                    + ", but it must be " + BreakerSettings.acceptedFor(name) + ".",
                    "Give " + name + " a value, or remove the key to use the default.", cause);
        }
        String description = unbound.getUnboundProperties().stream().map(p -> {
            String name = p.getName().toString();
            String suggestion = BreakerSettings.closestTo(name);
            return name + origin(p.getOrigin()) + " is not a breaker setting"
                    + (suggestion != null ? " (did you mean " + suggestion + "?)" : "");
        }).sorted().collect(Collectors.joining("\n"));
        return new FailureAnalysis(description + ".",
                "Fix or remove the key. A breaker's settings are: " + String.join(", ", BreakerSettings.known()) + ".",
                cause);
    }

    private static FailureAnalysis analysis(BreakerConfigurationException invalid, Throwable cause) {
        return new FailureAnalysis(invalid.getMessage(), invalid.action(), cause);
    }

    private static boolean blank(@Nullable Object value) {
        return value == null || value.toString().isBlank();
    }

    private static String origin(@Nullable Origin origin) {
        return origin != null ? " (from " + origin + ")" : "";
    }
}
