package dev.breaker;

/** How the closed state's window of recent outcomes is bounded. */
public enum SlidingWindowType {

    /** The last {@code sliding-window-size} calls. */
    COUNT_BASED,

    /** The calls of the last {@code sliding-window-size} seconds, kept in one-second buckets. */
    TIME_BASED
}
