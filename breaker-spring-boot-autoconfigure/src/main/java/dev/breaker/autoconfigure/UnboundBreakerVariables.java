package dev.breaker.autoconfigure;

import dev.breaker.definition.BreakerConfigurationException;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails startup on a {@code BREAKER_*} environment variable, or a {@code breaker.*} system property, that binds
 * to no setting ({@code BREAKER_ENABLEDD}, {@code BREAKER_PROFILES_INVENTORY_FAILURERATETRESHOLD}). Boot leaves
 * unknown keys from these two sources alone even with {@code ignoreUnknownFields = false}, as it cannot tell
 * them from the rest of the process environment; so a misspelt variable would leave a breaker on its defaults
 * without a word. Under the {@code breaker} prefix every one of them is meant for Breaker.
 */
final class UnboundBreakerVariables {

    private UnboundBreakerVariables() {
    }

    /**
     * Binds {@code breaker.*} again, as {@link BreakerProperties} was, failing on the environment variables and
     * system properties that bound to nothing; values that do not convert are left to the binding of the
     * properties, which reports them.
     *
     * @throws BreakerConfigurationException naming every such variable and the closest valid key
     */
    static void check(ConfigurableEnvironment environment) {
        Function<ConfigurationPropertySource, Boolean> processSources = UnboundBreakerVariables::isProcessSource;
        try {
            Binder.get(environment).bind("breaker",
                    Bindable.of(BreakerProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT,
                            processSources));
        } catch (BindException failure) {
            if (failure.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                UnboundKeysReport.Report report = UnboundKeysReport.emptyValue(unbound.getUnboundProperties());
                if (report == null) {
                    report = UnboundKeysReport.of(unbound.getUnboundProperties());
                }
                if (report != null) {
                    throw new BreakerConfigurationException(report.description(), report.action());
                }
            }
        }
    }

    private static boolean isProcessSource(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                && (propertySource instanceof SystemEnvironmentPropertySource
                        || StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName()));
    }
}
