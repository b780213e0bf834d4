package dev.breaker;

import org.jspecify.annotations.Nullable;

/**
 * A breaker setting with a value outside what it accepts. The message names the setting (in the
 * kebab-case used by configuration files), the value and the accepted values.
 */
public class InvalidBreakerConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final @Nullable String value;
    private final String accepted;

    public InvalidBreakerConfigException(String setting, @Nullable Object value, String accepted) {
        super(setting + " was " + value + ", but it must be " + accepted);
        this.setting = setting;
        this.value = value == null ? null : String.valueOf(value);
        this.accepted = accepted;
    }

    /** The setting, in kebab-case, e.g. {@code failure-rate-threshold}. */
    public String setting() {
        return setting;
    }

    /** The rejected value, as text. */
    public @Nullable String value() {
        return value;
    }

    /** What the setting accepts, e.g. {@code a percentage in (0, 100]}. */
    public String accepted() {
        return accepted;
    }
}
