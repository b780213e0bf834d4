package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.convert.ConverterNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports {@code breaker.*} values that cannot be bound at all (a word where a number belongs, an
 * unknown window type, a misspelt key) in the same words as out-of-range values: the property, the
 * value, where it came from and what the setting accepts; a misspelt key with the closest valid one and
 * the keys accepted where it is (see {@link UnboundKeysReport}). Other bind failures are left to Boot.
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
        return analysis(BreakerConfigurationException.invalidSetting(name, shown + UnboundKeysReport.origin(property),
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
        // A known key with an empty value binds to nothing, so Boot reports it as unbound: say it is empty.
        UnboundKeysReport.Report report = UnboundKeysReport.emptyValue(unbound.getUnboundProperties());
        if (report == null) {
            report = UnboundKeysReport.of(unbound.getUnboundProperties());
        }
        return report != null ? new FailureAnalysis(report.description(), report.action(), cause) : null;
    }

    private static FailureAnalysis analysis(BreakerConfigurationException invalid, Throwable cause) {
        return new FailureAnalysis(invalid.getMessage(), invalid.action(), cause);
    }

    private static boolean blank(@Nullable Object value) {
        return value == null || value.toString().isBlank();
    }
}
