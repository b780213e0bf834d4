package dev.breaker.sample.downstream;

/**
 * How badly a simulated downstream behaves: it first sleeps {@code latencyMs}, then fails with probability
 * {@code failureRate}. The limits keep a typo from parking request threads for hours.
 *
 * @param failureRate probability in [0, 1] that a call answers 500
 * @param latencyMs delay in [0, 60000] milliseconds before every answer
 */
public record ChaosSettings(double failureRate, long latencyMs) {

    /** Largest accepted latency: a minute. */
    public static final long MAX_LATENCY_MS = 60_000;

    /** A downstream that answers at once and never fails. */
    public static final ChaosSettings HEALTHY = new ChaosSettings(0, 0);

    public ChaosSettings {
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1, but was " + failureRate);
        }
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException(
                    "latencyMs must be between 0 and " + MAX_LATENCY_MS + ", but was " + latencyMs);
        }
    }
}
