package dev.breaker;

/** Whether a breaker acts on its decisions or only reports them. */
public enum BreakerMode {

    /** The breaker rejects calls while OPEN and limits them while HALF_OPEN (the default). */
    ENFORCE,

    /**
     * The breaker records, evaluates and reports everything as in {@link #ENFORCE}, but never rejects a
     * call: its state machine moves by the same rules and {@link BreakerMetrics#wouldBeState()} shows where
     * it is, while {@link Breaker#state()} stays CLOSED. For trying thresholds out on live traffic.
     * An operator's FORCED_OPEN and DISABLED are enforced as usual.
     */
    OBSERVE
}
