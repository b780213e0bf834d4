package dev.breaker.client;

/**
 * A {@code breaker.http.*} value that is not accepted. The auto-configuration turns it into a startup failure
 * that names the full property path.
 */
public final class InvalidHttpSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String accepted;

    /**
     * @param key where under the setting, e.g. {@code [2]} for a list element or {@code [payments.example.com]}
     * @param value the value as written
     * @param accepted what is accepted instead
     */
    public InvalidHttpSettingException(String key, String value, String accepted) {
        super(key + " is " + value + ", but it must be " + accepted);
        this.key = key;
        this.value = value;
        this.accepted = accepted;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String accepted() {
        return accepted;
    }
}
