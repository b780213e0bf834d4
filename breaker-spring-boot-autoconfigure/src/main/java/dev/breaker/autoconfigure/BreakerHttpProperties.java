package dev.breaker.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Outbound HTTP: a breaker per downstream host for the RestClient, RestTemplate and WebClient builders Boot auto-configures. */
public class BreakerHttpProperties {

    /** Whether requests made through Boot's RestClient.Builder, RestTemplateBuilder and WebClient.Builder run through a breaker of their host. */
    private boolean enabled;

    /** Profile of the breakers of hosts not mapped under hosts (named http:<host>); breaker.defaults and the built-in defaults when unset. */
    private @Nullable String defaultProfile;

    /** Response statuses that count as failures: status classes (5xx, 4xx) and codes (429, 503). */
    private List<String> failureStatuses = new ArrayList<>(List.of("5xx"));

    /** Whether a 429 or 503 with Retry-After opens the host's breaker until then, capped by its max-wait-duration-in-open-state. */
    private boolean honorRetryAfter = true;

    /** Breakers created for distinct unmapped hosts, at most; requests to hosts past it share the breaker http:other. */
    private int maxHosts = 1000;

    /** Breaker name by host, host:port, or host and path prefix (payments.example.com/v1/charges); the longest matching prefix wins. */
    private Map<String, String> hosts = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getDefaultProfile() {
        return defaultProfile;
    }

    public void setDefaultProfile(@Nullable String defaultProfile) {
        this.defaultProfile = defaultProfile;
    }

    public List<String> getFailureStatuses() {
        return failureStatuses;
    }

    public void setFailureStatuses(List<String> failureStatuses) {
        this.failureStatuses = failureStatuses;
    }

    public boolean isHonorRetryAfter() {
        return honorRetryAfter;
    }

    public void setHonorRetryAfter(boolean honorRetryAfter) {
        this.honorRetryAfter = honorRetryAfter;
    }

    public int getMaxHosts() {
        return maxHosts;
    }

    public void setMaxHosts(int maxHosts) {
        this.maxHosts = maxHosts;
    }

    public Map<String, String> getHosts() {
        return hosts;
    }

    public void setHosts(Map<String, String> hosts) {
        this.hosts = hosts;
    }
}
