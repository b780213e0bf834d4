package dev.breaker.client;

/**
 * Records a response whose status is one of {@code breaker.http.failure-statuses} against the host's breaker.
 * It never reaches the caller, who gets the response itself; it is what a breaker's {@code record-exceptions},
 * {@code ignore-exceptions} and retry's {@code retry-exceptions} see for such a response (name
 * {@code dev.breaker.client.HttpFailureStatusException} there). No stack trace is filled in.
 */
public final class HttpFailureStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object response;

    HttpFailureStatusException(int status, String host, Object response) {
        super("HTTP " + status + " from " + host, null, false, false);
        this.status = status;
        this.response = response;
    }

    /** The response status code. */
    public int status() {
        return status;
    }

    /** The response, handed to the caller unchanged. */
    Object response() {
        return response;
    }
}
