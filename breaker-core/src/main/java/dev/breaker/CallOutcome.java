package dev.breaker;

/** How a call through a breaker ended, as reported to {@link BreakerListener#onCall}. */
public enum CallOutcome {

    /** The call completed and was recorded as a success. */
    SUCCESS,

    /** The call failed (an exception or a result classified as a failure) and was recorded as one. */
    FAILURE,

    /** The call ended with an ignored exception or was cancelled: counted as neither success nor failure. */
    IGNORED,

    /** The breaker rejected the call without running it. */
    NOT_PERMITTED
}
