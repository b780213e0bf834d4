package dev.breaker.internal;

/** Bit codes of a recorded outcome, shared by the windows and the states. */
final class Outcome {

    /** A fast success. */
    static final int SUCCESS = 0;
    /** The call failed. */
    static final int FAILURE = 1;
    /** The call took longer than the slow-call duration threshold. */
    static final int SLOW = 2;

    private Outcome() {
    }

    static int of(boolean failure, boolean slow) {
        return (failure ? FAILURE : 0) | (slow ? SLOW : 0);
    }
}
