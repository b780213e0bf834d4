package dev.breaker.shared;

import dev.breaker.definition.BreakerConfigurationException;
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

    /** Settings to check, mapped from {@code breaker.shared.*}; {@link Builder#build()} checks them. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The hash holding one breaker's shared state, {@code <prefix>:<namespace>:{<name>}}; every other key of the
     * breaker is this one with a suffix. The braces make the name the key's hash tag: in Redis Cluster all of one
     * breaker's keys hash to one slot, so that a script may touch several of them (and different breakers spread
     * over the masters).
     */
    String key(String breakerName) {
        return keyPrefix + ":" + namespace + ":{" + breakerName + "}";
    }

    /** Where transitions are announced. */
    String channel() {
        return keyPrefix + ":" + namespace + ":transitions";
    }

    /**
     * The {@code breaker.shared.*} values as bound, unchecked. A value left unset is reported by
     * {@link #build()} as missing, except the namespace and instance id, which have defaults.
     */
    public static final class Builder {

        private @Nullable String keyPrefix;
        private @Nullable String namespace;
        private @Nullable String applicationName;
        private @Nullable String instanceId;
        private @Nullable Duration timeout;
        private @Nullable Duration reconcileInterval;
        private @Nullable Duration probeLeaseTime;

        private Builder() {
        }

        /** {@code breaker.shared.key-prefix}. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** {@code breaker.shared.namespace}; without it, the application name. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The default namespace ({@code spring.application.name}); without it, "application". */
        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /** {@code breaker.shared.instance-id}; without it, host name, process id and a random suffix. */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** {@code breaker.shared.timeout}. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** {@code breaker.shared.reconcile-interval}. */
        public Builder reconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
            return this;
        }

        /** {@code breaker.shared.probe-lease-time}. */
        public Builder probeLeaseTime(Duration probeLeaseTime) {
            this.probeLeaseTime = probeLeaseTime;
            return this;
        }

        /**
         * Checks every value, naming the property and what it accepts.
         *
         * @throws BreakerConfigurationException on the first value out of range
         */
        public SharedStateSettings build() {
            String prefix = keyPart("breaker.shared.key-prefix", keyPrefix);
            String checkedNamespace = namespace != null ? keyPart("breaker.shared.namespace", namespace)
                    : applicationName != null && !applicationName.isBlank() ? applicationName : "application";
            String checkedInstanceId = instanceId != null
                    ? text("breaker.shared.instance-id", instanceId) : defaultInstanceId();
            return new SharedStateSettings(prefix, checkedNamespace,
                    positive("breaker.shared.timeout", timeout, "a positive duration such as 200ms or 1s"),
                    positive("breaker.shared.reconcile-interval", reconcileInterval,
                            "a positive duration such as 5s"),
                    atLeast("breaker.shared.probe-lease-time", probeLeaseTime, Duration.ofSeconds(1),
                            "a duration of at least 1s, longer than a trial call takes, such as 10s"),
                    checkedInstanceId);
        }
    }

    private static String text(String path, @Nullable String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw new BreakerConfigurationException(path + " is '" + value + "', but it must be non-blank text"
                    + " without control characters.", "Set " + path + " to a name such as 'orders'.");
        }
        return value;
    }

    /** Text that comes before the hash tag in every key: a brace there would take the tag's place. */
    private static String keyPart(String path, @Nullable String value) {
        String checked = text(path, value);
        if (checked.indexOf('{') >= 0 || checked.indexOf('}') >= 0) {
            throw new BreakerConfigurationException(path + " is '" + value + "', but it must not contain braces:"
                    + " keys end in {<breaker name>}, Redis Cluster's hash tag, which keeps a breaker's keys together.",
                    "Set " + path + " to a name without braces, such as 'orders'.");
        }
        return checked;
    }

    private static Duration positive(String path, @Nullable Duration value, String accepted) {
        return atLeast(path, value, Duration.ofNanos(1), accepted);
    }

    private static Duration atLeast(String path, @Nullable Duration value, Duration minimum, String accepted) {
        if (value == null || value.compareTo(minimum) < 0) {
            throw BreakerConfigurationException.invalidSetting(path, String.valueOf(value), accepted);
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
