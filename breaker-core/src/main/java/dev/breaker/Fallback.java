package dev.breaker;

/**
 * What a protected call answers instead of failing: given the failure (or rejection) that ended the call, a
 * result, or an exception of its own. A {@link Guard} runs it only for errors it {@linkplain
 * Guard#fallsBackOn falls back on}, and only if {@link #handles} agrees.
 *
 * @param <T> the call's result type (for asynchronous calls, the stage or publisher)
 */
@FunctionalInterface
public interface Fallback<T> {

    /** The answer for a call that ended with {@code cause}; what it throws reaches the caller instead. */
    T apply(Throwable cause) throws Throwable;

    /**
     * Whether this fallback serves {@code cause} at all; {@code false} lets the failure reach the caller unchanged.
     * Every failure by default (a fallback chosen by exception type, like the annotation's, says otherwise).
     */
    default boolean handles(Throwable cause) {
        return true;
    }
}
