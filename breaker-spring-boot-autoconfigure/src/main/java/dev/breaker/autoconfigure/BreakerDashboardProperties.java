package dev.breaker.autoconfigure;

/** The live dashboard page, served on the management side (Spring MVC only). */
public class BreakerDashboardProperties {

    /** Whether to serve the dashboard page; it reads the circuitbreakers endpoint, which must be exposed over HTTP. */
    private boolean enabled = false;

    /** Path of the dashboard page, relative to the management context: starts with '/', no '..'. */
    private String path = "/breaker-dashboard";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        // Checked here so that a bad value fails the bind, which names the key and where it was written.
        if (!path.startsWith("/") || path.contains("..") || path.contains("//") || path.contains("*")
                || path.contains("{") || path.contains("?") || path.contains("#") || path.length() < 2) {
            throw new IllegalArgumentException("breaker.dashboard.path must start with '/', name at least one "
                    + "segment and hold no '..', '//', '*', '{', '?' or '#'; was '" + path + "'");
        }
        this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
