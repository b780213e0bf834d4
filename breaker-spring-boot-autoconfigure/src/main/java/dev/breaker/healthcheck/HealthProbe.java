package dev.breaker.healthcheck;

/**
 * One look at a dependency's health. Always called on a health-check thread, never on a calling thread; it may
 * block, and one that takes longer than the check's timeout is interrupted and counted as unhealthy. An exception
 * counts as unhealthy too.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Looks once. */
    Result probe() throws Exception;

    /**
     * What a probe saw.
     *
     * @param healthy whether the dependency is healthy
     * @param detail what was seen, for reasons and the endpoint: {@code UP}, {@code DOWN: <error>},
     *        {@code HTTP 503} ...
     */
    record Result(boolean healthy, String detail) {

        public static Result healthy(String detail) {
            return new Result(true, detail);
        }

        public static Result unhealthy(String detail) {
            return new Result(false, detail);
        }
    }

    /** Makes the probe of a check, or fails with a startup error naming the setting when its target is unusable. */
    @FunctionalInterface
    interface Factory {

        /** @throws dev.breaker.definition.BreakerConfigurationException when the target does not exist or is refused */
        HealthProbe create(HealthCheckSettings settings);
    }
}
