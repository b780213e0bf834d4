package dev.breaker.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breaker.healthcheck.HealthCheckStatus;
import org.jspecify.annotations.Nullable;

/**
 * A breaker's health check as the endpoint shows it: what it checks, its last result ({@code HEALTHY} or
 * {@code UNHEALTHY}; null, like {@code at} and {@code detail}, before the first check ends), when (an ISO-8601
 * instant), what it saw, the unhealthy checks in a row against the threshold, and whether it holds the breaker's
 * trial calls.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HealthCheckDescriptor(
        String check,
        HealthCheckStatus.@Nullable Result status,
        @Nullable String at,
        @Nullable String detail,
        int consecutiveUnhealthy,
        int unhealthyThreshold,
        boolean holdingTrials) {

    static @Nullable HealthCheckDescriptor of(@Nullable HealthCheckStatus status) {
        if (status == null) {
            return null;
        }
        return new HealthCheckDescriptor(status.check(), status.result(),
                (status.at() != null) ? status.at().toString() : null, status.detail(), status.consecutiveUnhealthy(),
                status.unhealthyThreshold(), status.holdingTrials());
    }
}
