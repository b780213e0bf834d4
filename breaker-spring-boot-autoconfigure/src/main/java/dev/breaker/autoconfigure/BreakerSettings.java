package dev.breaker.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What each {@code breaker.*} setting accepts, in words, for startup failure reports (which keys exist where: {@link BreakerKeys}). */
final class BreakerSettings {

    private static final String POSITIVE_DURATION = "a positive duration such as 500ms, 2s or 1m";
    private static final String OPTIONAL_DURATION = "a duration such as 30s or 5m, or 0 (off)";
    private static final String BOOLEAN = "true or false";

    /** The keys of the nested {@code retry} object. */
    private static final List<String> RETRY_KEYS = List.of("max-attempts", "wait-duration", "backoff", "multiplier",
            "max-wait-duration", "jitter", "retry-exceptions", "ignore-exceptions");

    /** The keys of the nested {@code health-check} object. */
    private static final List<String> HEALTH_CHECK_KEYS = List.of("indicator", "url", "interval", "timeout",
            "unhealthy-threshold");

    /** The keys of the nested {@code recording} object. */
    private static final List<String> RECORDING_KEYS = List.of("enabled", "max-events");

    /** Defaults, a profile or an instance. */
    private static final String LEVEL = "breaker\\.(defaults|(profiles|instances)(\\.[^.\\[]+|\\[[^\\]]*]))";

    /**
     * A key of the {@code retry}, {@code health-check} or {@code recording} object of defaults, a profile or an
     * instance; group 4 is the object, group 5 the key.
     */
    private static final Pattern NESTED_KEY = Pattern.compile(LEVEL + "\\.(retry|health-check|recording)\\.([a-z-]+)");

    /** One experiment of defaults, a profile or an instance, as a whole. */
    private static final Pattern EXPERIMENT = Pattern.compile(LEVEL + "\\.experiments(\\.[^.\\[]+|\\[[^\\]]*])");

    /** What an experiment accepts as a whole. */
    private static final String EXPERIMENT_SETTINGS = "an object of the breaker settings it tries, such as"
            + " failure-rate-threshold: 10 or wait-duration-in-open-state: 15s";

    /** Per-breaker settings (under defaults, a profile or an instance), by kebab-case name; nested ones as retry.x. */
    static final Map<String, String> ACCEPTED;

    static {
        Map<String, String> accepted = new LinkedHashMap<>();
        accepted.put("sliding-window-type", "count-based or time-based");
        accepted.put("sliding-window-size", "a whole number: calls (1 to 1000000) or seconds (1 to 3600)");
        accepted.put("sliding-window-max-age", OPTIONAL_DURATION);
        accepted.put("minimum-number-of-calls", "a whole number, at least 1");
        accepted.put("failure-rate-threshold", "a percentage in (0, 100]");
        accepted.put("slow-call-rate-threshold", "a percentage in (0, 100]");
        accepted.put("slow-call-duration-threshold", POSITIVE_DURATION);
        accepted.put("consecutive-failure-threshold", "0 (off) or a whole number of failures");
        accepted.put("wait-duration-in-open-state", POSITIVE_DURATION);
        accepted.put("wait-duration-jitter", "a ratio in [0, 1]");
        accepted.put("wait-duration-multiplier", "a number >= 1");
        accepted.put("max-wait-duration-in-open-state", OPTIONAL_DURATION);
        accepted.put("automatic-transition-to-half-open", BOOLEAN);
        accepted.put("permitted-number-of-calls-in-half-open-state", "a whole number, at least 1");
        accepted.put("success-threshold-in-half-open-state",
                "0 (off) or a whole number of trial calls, at most permitted-number-of-calls-in-half-open-state");
        accepted.put("max-wait-duration-in-half-open-state", OPTIONAL_DURATION);
        accepted.put("record-exceptions", "a list of fully-qualified exception class names");
        accepted.put("ignore-exceptions", "a list of fully-qualified exception class names");
        accepted.put("mode", "enforce or observe");
        accepted.put("affects-health", BOOLEAN);
        accepted.put("shared", BOOLEAN);
        accepted.put("shared-window", BOOLEAN);
        accepted.put("profile", "the name of a profile under breaker.profiles");
        accepted.put("timeout", "a duration such as 500ms or 2s, or 0 (off)");
        accepted.put("max-concurrent-calls", "0 (unlimited) or a whole number of calls, at most 1000000");
        accepted.put("max-wait-duration", "a duration such as 100ms or 1s, or 0 (fail fast)");
        accepted.put("retry", "an object with the keys " + String.join(", ", RETRY_KEYS));
        accepted.put("retry.max-attempts", "a whole number from 1 (no retry) to 100");
        accepted.put("retry.wait-duration", "a duration such as 200ms or 1s, or 0 (retry at once)");
        accepted.put("retry.backoff", "fixed, linear or exponential");
        accepted.put("retry.multiplier", "a number >= 1");
        accepted.put("retry.max-wait-duration", "a duration such as 5s, or 0 (no cap)");
        accepted.put("retry.jitter", "a ratio in [0, 1]");
        accepted.put("retry.retry-exceptions", "a list of fully-qualified exception class names");
        accepted.put("retry.ignore-exceptions", "a list of fully-qualified exception class names");
        accepted.put("health-check", "an object with the keys " + String.join(", ", HEALTH_CHECK_KEYS));
        accepted.put("health-check.indicator",
                "the name or path of a health contributor, such as db or db/primary (not circuitBreakers)");
        accepted.put("health-check.url", HealthCheckResolver.URL);
        accepted.put("health-check.interval", HealthCheckResolver.DURATION);
        accepted.put("health-check.timeout", HealthCheckResolver.DURATION);
        accepted.put("health-check.unhealthy-threshold", HealthCheckResolver.THRESHOLD);
        accepted.put("experiments", "named experiments, each " + EXPERIMENT_SETTINGS);
        accepted.put("experiments.<name>", EXPERIMENT_SETTINGS);
        accepted.put("recording", "an object with the keys " + String.join(", ", RECORDING_KEYS));
        accepted.put("recording.enabled", BOOLEAN);
        accepted.put("recording.max-events", TuningResolver.MAX_EVENTS);
        ACCEPTED = Map.copyOf(accepted);
    }

    /** Top-level keys: {@code breaker.<key>}. */
    private static final Map<String, String> TOP_LEVEL = Map.of(
            "enabled", BOOLEAN,
            "require-configured-names", BOOLEAN,
            "aspect-order", "a whole number (the advice order; lower runs first)",
            "problem-details", BOOLEAN,
            "reconcile-interval", POSITIVE_DURATION,
            "probe-lease-time", POSITIVE_DURATION);

    private BreakerSettings() {
    }

    /** What the setting at {@code propertyName} (e.g. {@code breaker.profiles.payment.failure-rate-threshold}) accepts. */
    static @Nullable String acceptedFor(String propertyName) {
        String last = settingName(propertyName);
        String accepted = ACCEPTED.get(last);
        return accepted != null ? accepted : TOP_LEVEL.get(last);
    }

    /**
     * The setting a property names: its last element, or {@code retry.<key>} inside a retry object (same for
     * health-check and recording), or {@code experiments.<name>} for an experiment as a whole.
     */
    private static String settingName(String propertyName) {
        String name = propertyName.replaceAll("\\[\\d+]$", "");
        Matcher nested = NESTED_KEY.matcher(name);
        if (nested.matches()) {
            return nested.group(4) + "." + nested.group(5);
        }
        return EXPERIMENT.matcher(name).matches() ? "experiments.<name>" : lastElement(propertyName);
    }

    private static String lastElement(String propertyName) {
        String name = propertyName.replaceAll("\\[\\d+]$", "");
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
