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

    /** What to do about it. */
    public String action() {
        return action;
    }
}
