package dev.breaker.healthcheck;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checked {@code health-check} settings of one breaker: one target, a Spring Boot health contributor or a URL.
 *
 * @param path the property path of the target's setting, e.g. {@code breaker.profiles.orders-db.health-check.indicator},
 *        named by startup errors about it
 * @param indicator the health contributor's name or path ({@code db}, {@code db/primary}); null when {@code url} is set
 * @param url the URL answered by an HTTP GET; null when {@code indicator} is set
 * @param interval the time from one check to the next
 * @param timeout the longest a check may take
 * @param unhealthyThreshold the unhealthy checks in a row that open the breaker and hold its trial calls
 */
public record HealthCheckSettings(String path, @Nullable String indicator, @Nullable URI url, Duration interval,
        Duration timeout, int unhealthyThreshold) {

    /** {@code interval} when no level sets it. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    /** {@code timeout} when no level sets it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** {@code unhealthy-threshold} when no level sets it. */
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;

    public HealthCheckSettings {
        Objects.requireNonNull(path, "path");
        if ((indicator == null) == (url == null)) {
            throw new IllegalArgumentException("A health check has one target, an indicator or a url");
        }
        if (isNotPositive(interval) || isNotPositive(timeout) || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("interval and timeout must be positive, unhealthyThreshold at least 1");
        }
    }

    /** A check of the health contributor {@code indicator}, with the default interval, timeout and threshold. */
    public static HealthCheckSettings indicator(String path, String indicator) {
        return new HealthCheckSettings(path, indicator, null, DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_UNHEALTHY_THRESHOLD);
    }

    /** A check of {@code url}, with the default interval, timeout and threshold. */
    public static HealthCheckSettings url(String path, URI url) {
        return new HealthCheckSettings(path, null, url, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_UNHEALTHY_THRESHOLD);
    }

    /** The same check with other timings. */
    public HealthCheckSettings withTimings(Duration interval, Duration timeout, int unhealthyThreshold) {
        return new HealthCheckSettings(path, indicator, url, interval, timeout, unhealthyThreshold);
    }

    private static boolean isNotPositive(Duration duration) {
        return duration.isZero() || duration.isNegative();
    }

    /** What the check is called in reasons and on the endpoint: the contributor's name or path, else the URL. */
    public String name() {
        return (indicator != null) ? indicator : String.valueOf(url);
    }
}
