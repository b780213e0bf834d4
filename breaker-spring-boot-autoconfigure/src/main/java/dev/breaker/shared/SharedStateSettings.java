package dev.breaker.shared;

import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.autoconfigure.BreakerProperties;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The checked {@code breaker.shared.*} settings, with the keys and channel they give.
 *
 * @param keyPrefix first part of every key
 * @param namespace the application whose instances share state
 * @param timeout bound on each Redis operation
 * @param reconcileInterval how often each shared breaker is compared with Redis
 * @param probeLeaseTime how long a trial permit may be held
 * @param instanceId this instance, as others see it
 */
public record SharedStateSettings(String keyPrefix, String namespace, Duration timeout, Duration reconcileInterval,
        Duration probeLeaseTime, String instanceId) {

    /** Checks {@code breaker.shared.*}; {@code applicationName} is the default namespace. */
    public static SharedStateSettings of(BreakerProperties.Shared shared, @Nullable String applicationName) {
        String prefix = text("breaker.shared.key-prefix", shared.getKeyPrefix());
        String namespace = shared.getNamespace() != null ? text("breaker.shared.namespace", shared.getNamespace())
                : applicationName != null && !applicationName.isBlank() ? applicationName : "application";
        String instanceId = shared.getInstanceId() != null
                ? text("breaker.shared.instance-id", shared.getInstanceId()) : defaultInstanceId();
        return new SharedStateSettings(prefix, namespace,
                positive("breaker.shared.timeout", shared.getTimeout(), "a positive duration such as 200ms or 1s"),
                positive("breaker.shared.reconcile-interval", shared.getReconcileInterval(),
                        "a positive duration such as 5s"),
                atLeast("breaker.shared.probe-lease-time", shared.getProbeLeaseTime(), Duration.ofSeconds(1),
                        "a duration of at least 1s, longer than a trial call takes, such as 10s"),
                instanceId);
    }

    /** The hash holding one breaker's shared state. */
    String key(String breakerName) {
        return keyPrefix + ":" + namespace + ":" + breakerName;
    }

    /** Where transitions are announced. */
    String channel() {
        return keyPrefix + ":" + namespace + ":transitions";
    }

    private static String text(String path, @Nullable String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw new BreakerConfigurationException(path + " is '" + value + "', but it must be non-blank text"
                    + " without control characters.", "Set " + path + " to a name such as 'orders'.");
        }
        return value;
    }

    private static Duration positive(String path, @Nullable Duration value, String accepted) {
        return atLeast(path, value, Duration.ofNanos(1), accepted);
    }

    private static Duration atLeast(String path, @Nullable Duration value, Duration minimum, String accepted) {
        if (value == null || value.compareTo(minimum) < 0) {
            throw new BreakerConfigurationException("Invalid breaker setting: " + path + " is " + value
                    + ", but it must be " + accepted + ".", "Update " + path + " in your configuration to "
                    + accepted + ".");
        }
        return value;
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 4).toLowerCase(Locale.ROOT);
    }
}
