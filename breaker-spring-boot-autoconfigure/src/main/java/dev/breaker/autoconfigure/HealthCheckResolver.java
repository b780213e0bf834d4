package dev.breaker.autoconfigure;

import dev.breaker.autoconfigure.Layer.Found;
import dev.breaker.definition.BreakerConfigurationException;
import dev.breaker.healthcheck.HealthCheckSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the {@code health-check} of one breaker through its levels of configuration. The target is one
 * thing, so it does not mix across levels: the deepest level that sets {@code indicator} or {@code url} names it
 * (an empty value there turns an inherited check off). {@code interval}, {@code timeout} and
 * {@code unhealthy-threshold} fall through key by key. Every value set is checked, also on a level whose target
 * ends up unused, and a bad one is reported with its full property path.
 */
final class HealthCheckResolver {

    /** Longest interval and timeout: a day is already far beyond any useful check. */
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    static final String DURATION = "a positive duration up to 1d, such as 500ms, 15s or 1m";

    static final String THRESHOLD = "a whole number of checks in a row, at least 1";

    static final String URL = "an absolute http or https URL, such as http://payments.internal/health";

    private HealthCheckResolver() {
    }

    /** The check of a breaker resolving through {@code layers}; null when none is set (or the deepest turns it off). */
    static @Nullable HealthCheckSettings resolve(List<Layer> layers) {
        layers.forEach(HealthCheckResolver::check);
        Found<HealthCheckProperties> target = Layer.deepest(layers, settings -> {
            HealthCheckProperties check = settings.getHealthCheck();
            return (check != null && (check.getIndicator() != null || check.getUrl() != null)) ? check : null;
        });
        if (target == null) {
            return null;
        }
        String path = target.path() + ".health-check";
        String indicator = blankToNull(target.value().getIndicator());
        String url = blankToNull(target.value().getUrl());
        if (indicator == null && url == null) {
            return null;
        }
        Duration interval = deepest(layers, HealthCheckProperties::getInterval, HealthCheckSettings.DEFAULT_INTERVAL);
        Duration timeout = deepest(layers, HealthCheckProperties::getTimeout, HealthCheckSettings.DEFAULT_TIMEOUT);
        int threshold = deepest(layers, HealthCheckProperties::getUnhealthyThreshold,
                HealthCheckSettings.DEFAULT_UNHEALTHY_THRESHOLD);
        HealthCheckSettings check = (indicator != null) ? HealthCheckSettings.indicator(path + ".indicator", indicator)
                : HealthCheckSettings.url(path + ".url", url(path + ".url", url));
        return check.withTimings(interval, timeout, threshold);
    }

    /** Checks the values one level sets, whether or not they end up used. */
    private static void check(Layer layer) {
        HealthCheckProperties check = layer.settings().getHealthCheck();
        if (check == null) {
            return;
        }
        String path = layer.path() + ".health-check";
        String indicator = blankToNull(check.getIndicator());
        String url = blankToNull(check.getUrl());
        if (indicator != null && url != null) {
            throw new BreakerConfigurationException(path + " sets both indicator ('" + indicator + "') and url ('"
                    + url + "'), but a health check has one target.",
                    "Keep " + path + ".indicator to check a Spring Boot health contributor, or " + path
                            + ".url to check an HTTP endpoint, and remove the other.");
        }
        if (url != null) {
            url(path + ".url", url);
        }
        duration(path + ".interval", check.getInterval());
        duration(path + ".timeout", check.getTimeout());
        Integer threshold = check.getUnhealthyThreshold();
        if (threshold != null && threshold < 1) {
            throw BreakerConfigurationException.invalidSetting(path + ".unhealthy-threshold", threshold.toString(),
                    THRESHOLD);
        }
    }

    private static void duration(String path, @Nullable Duration value) {
        if (value != null && (value.isZero() || value.isNegative() || value.compareTo(MAX_DURATION) > 0)) {
            throw BreakerConfigurationException.invalidSetting(path, value.toString(), DURATION);
        }
    }

    private static URI url(String path, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException malformed) {
            throw BreakerConfigurationException.invalidSetting(path, "'" + value + "' (" + malformed.getMessage() + ")",
                    URL);
        }
        String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw BreakerConfigurationException.invalidSetting(path, "'" + value + "'", URL);
        }
        return uri;
    }

    private static <T> T deepest(List<Layer> layers, Function<HealthCheckProperties, @Nullable T> getter, T otherwise) {
        Found<T> found = Layer.deepest(layers,
                settings -> settings.getHealthCheck() == null ? null : getter.apply(settings.getHealthCheck()));
        return (found != null) ? found.value() : otherwise;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }
}
