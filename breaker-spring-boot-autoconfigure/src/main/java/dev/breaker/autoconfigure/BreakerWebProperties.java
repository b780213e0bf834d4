package dev.breaker.autoconfigure;

/** Spring MVC integration. */
public class BreakerWebProperties {

    /** Whether a rejected call escaping a Spring MVC handler answers 503 with Retry-After and a problem detail. */
    private boolean problemDetails = true;

    public boolean isProblemDetails() {
        return problemDetails;
    }

    public void setProblemDetails(boolean problemDetails) {
        this.problemDetails = problemDetails;
    }
}
