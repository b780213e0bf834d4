package dev.breaker.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.core.Ordered;

/**
 * The {@code breaker.*} configuration: settings for every breaker ({@code defaults}), named sets of
 * settings ({@code profiles}) and breakers by name ({@code instances}). A breaker named N resolves as
 * built-in defaults, then {@code defaults}, then its profile ({@code instances.N.profile}, else the
 * profile named N), then {@code instances.N}.
 *
 * <p>Unknown keys fail startup rather than being silently ignored: a misspelt threshold would otherwise
 * leave a breaker on its defaults. Boot ignores unknown keys from environment variables and system properties
 * whatever {@code ignoreUnknownFields} says, so those are checked on their own at startup.
 */
@ConfigurationProperties(prefix = "breaker", ignoreUnknownFields = false)
public class BreakerProperties {

    /** Whether @CircuitBreaker methods are protected; false runs them unprotected. */
    private boolean enabled = true;

    /**
     * Order of the @CircuitBreaker advice among other advice on the same bean: lower runs first, outside.
     * The default runs outside @Transactional, so a failed transaction counts against the breaker and
     * the fallback runs outside it.
     */
    private int aspectOrder = Ordered.LOWEST_PRECEDENCE - 10;

    /** Whether a @CircuitBreaker name that matches no instance and no profile fails startup, rather than being logged as a warning. */
    private boolean requireConfiguredNames;

    /** Settings applied to every breaker, under those of its profile and instance. */
    @NestedConfigurationProperty
    private BreakerSettingsProperties defaults = new BreakerSettingsProperties();

    /** Named sets of settings, used by the breaker of the same name and by instances that name them. */
    private Map<String, BreakerSettingsProperties> profiles = new LinkedHashMap<>();

    /** Breakers by name, created at startup; their settings override those of their profile. */
    private Map<String, BreakerInstanceProperties> instances = new LinkedHashMap<>();

    /** Spring MVC integration. */
    @NestedConfigurationProperty
    private final BreakerWebProperties web = new BreakerWebProperties();

    /** The live dashboard page on the management side. */
    @NestedConfigurationProperty
    private final BreakerDashboardProperties dashboard = new BreakerDashboardProperties();

    /** Outbound HTTP: a breaker per downstream host for RestClient, RestTemplate and WebClient. */
    @NestedConfigurationProperty
    private final BreakerHttpProperties http = new BreakerHttpProperties();

    /** The Redis store of breakers marked {@code shared: true}, whose state the application's instances share. */
    @NestedConfigurationProperty
    private final BreakerSharedProperties shared = new BreakerSharedProperties();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getAspectOrder() {
        return aspectOrder;
    }

    public void setAspectOrder(int aspectOrder) {
        this.aspectOrder = aspectOrder;
    }

    public boolean isRequireConfiguredNames() {
        return requireConfiguredNames;
    }

    public void setRequireConfiguredNames(boolean requireConfiguredNames) {
        this.requireConfiguredNames = requireConfiguredNames;
    }

    public BreakerSettingsProperties getDefaults() {
        return defaults;
    }

    public void setDefaults(BreakerSettingsProperties defaults) {
        this.defaults = defaults;
    }

    public Map<String, BreakerSettingsProperties> getProfiles() {
        return profiles;
    }

    public void setProfiles(Map<String, BreakerSettingsProperties> profiles) {
        this.profiles = profiles;
    }

    public Map<String, BreakerInstanceProperties> getInstances() {
        return instances;
    }

    public void setInstances(Map<String, BreakerInstanceProperties> instances) {
        this.instances = instances;
    }

    public BreakerDashboardProperties getDashboard() {
        return dashboard;
    }

    public BreakerWebProperties getWeb() {
        return web;
    }

    public BreakerSharedProperties getShared() {
        return shared;
    }

    public BreakerHttpProperties getHttp() {
        return http;
    }
}
