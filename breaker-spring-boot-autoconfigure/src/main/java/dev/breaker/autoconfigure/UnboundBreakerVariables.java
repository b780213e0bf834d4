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
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

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
                Set<ConfigurationProperty> misspelt = new LinkedHashSet<>(unbound.getUnboundProperties());
                misspelt.removeIf(UnboundBreakerVariables::isServiceLink);
                if (misspelt.isEmpty()) {
                    return;
                }
                UnboundKeysReport.Report report = UnboundKeysReport.emptyValue(misspelt);
                if (report == null) {
                    report = UnboundKeysReport.of(misspelt);
                }
                if (report != null) {
                    throw new BreakerConfigurationException(report.description(), report.action());
                }
            }
        }
    }

    /**
     * A variable Kubernetes injects for a Service named {@code breaker} ({@code BREAKER_SERVICE_HOST},
     * {@code BREAKER_SERVICE_PORT[_NAME]}, {@code BREAKER_PORT[_8080_TCP[_ADDR]]}): not meant for Breaker, and
     * no Breaker key starts with {@code service} or {@code port}, so such a name is never a misspelt setting.
     */
    private static boolean isServiceLink(ConfigurationProperty property) {
        ConfigurationPropertyName name = property.getName();
        return name.getNumberOfElements() >= 2 && (name.getElement(1, Form.UNIFORM).equals("service")
                || name.getElement(1, Form.UNIFORM).equals("port"))
                && property.getSource().getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
    }

    private static boolean isProcessSource(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
                && (propertySource instanceof SystemEnvironmentPropertySource
                        || StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName()));
    }
}
