package dev.breaker.definition;

/**
 * A mistake in the application's Breaker setup found at startup: a setting out of range, an unknown
 * profile or exception class, a fallback method that cannot serve. Reported by
 * the auto-configuration's failure analyzer with what is wrong and what to write instead.
 */
public class BreakerConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param description what is wrong, naming the property path or the method
     * @param action what to do about it, naming what is accepted
     */
    public BreakerConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    /**
     * A setting whose value is not accepted, reported the same way wherever it is found (binding, resolving
     * the levels, the fleet settings).
     *
     * @param path the property path, e.g. {@code breaker.profiles.payment.failure-rate-threshold}
     * @param value the value as the user wrote it (with where it came from, when known)
     * @param accepted what is accepted instead, e.g. {@code a percentage in (0, 100]}
     */
    public static BreakerConfigurationException invalidSetting(String path, String value, String accepted) {
        return new BreakerConfigurationException("Invalid breaker setting: " + path + " is " + value
                + ", but it must be " + accepted + ".", "Update " + path + " in your configuration to " + accepted + ".");
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
