package dev.breaker.healthcheck;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one breaker's health check stands.
 *
 * @param check what is checked: the contributor's name or path, or the URL
 * @param unhealthyThreshold the unhealthy checks in a row that open the breaker and hold its trial calls
 * @param result the last check's result; null before the first one ends
 * @param at when the last check ended; null before the first one
 * @param detail what the last check saw ({@code UP}, {@code DOWN: <error>}, {@code HTTP 503}, {@code no answer within
 *        2s} ...); null before the first one
 * @param consecutiveUnhealthy unhealthy checks in a row, up to the last one
 * @param holdingTrials whether the check is holding the breaker's trial calls (it reached the threshold and no
 *        check has been healthy since)
 * @param healthyChecks checks that found the dependency healthy, since startup
 * @param unhealthyChecks checks that found it unhealthy (timeouts and errors included), since startup
 */
public record HealthCheckStatus(String check, int unhealthyThreshold, @Nullable Result result, @Nullable Instant at,
        @Nullable String detail, int consecutiveUnhealthy, boolean holdingTrials, long healthyChecks,
        long unhealthyChecks) {

    /** The result of one check. */
    public enum Result {
        HEALTHY, UNHEALTHY
    }

    /** Before the first check has ended. */
    static HealthCheckStatus initial(HealthCheckSettings settings) {
        return new HealthCheckStatus(settings.name(), settings.unhealthyThreshold(), null, null, null, 0, false, 0, 0);
    }

    /** After a check that saw {@code probed}, at {@code now}. */
    HealthCheckStatus after(HealthProbe.Result probed, Instant now) {
        if (probed.healthy()) {
            return new HealthCheckStatus(check, unhealthyThreshold, Result.HEALTHY, now, probed.detail(), 0, false,
                    healthyChecks + 1, unhealthyChecks);
        }
        int consecutive = consecutiveUnhealthy + 1;
        return new HealthCheckStatus(check, unhealthyThreshold, Result.UNHEALTHY, now, probed.detail(), consecutive,
                consecutive >= unhealthyThreshold, healthyChecks, unhealthyChecks + 1);
    }
}
