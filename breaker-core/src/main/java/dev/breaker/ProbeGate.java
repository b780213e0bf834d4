package dev.breaker;

/**
 * The fleet-wide limit on trial calls for one HALF_OPEN visit of a shared breaker (see
 * {@link FleetSync#probeGate}). The breaker asks it only after its own local limit has said yes.
 *
 * <p>A gate may also take the verdict on the visit's trial calls away from the instance ({@link #decidesTrials()}):
 * the fleet then counts the trial outcomes of every instance together, and whoever reaches a verdict ends the
 * visit with {@link Breaker#concludeTrials}. When it stops deciding, the breaker's own rules take over again.
 */
public interface ProbeGate {

    /** A gate that always agrees: the local limit alone decides. */
    ProbeGate LOCAL = new ProbeGate() {
        @Override
        public boolean tryAcquire() {
            return true;
        }

        @Override
        public void release() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "ProbeGate.LOCAL";
        }
    };

    /**
     * Whether one more trial call may start now, as far as the fleet is concerned. Called on the calling
     * thread: never blocks, never throws. A false answer rejects the call as HALF_OPEN rejects any call
     * over its limit.
     */
    boolean tryAcquire();

    /**
     * A trial call let through by {@link #tryAcquire()} has finished, or gave its permit back. May be
     * called more often than {@code tryAcquire} returned true (a misused permit): extra calls do nothing.
     */
    void release();

    /** The visit is over (the breaker left HALF_OPEN): give back whatever is still held. */
    void close();

    /**
     * Whether the fleet decides this visit's verdict now. While true, the breaker hands each trial outcome to
     * {@link #recorded} and neither closes nor reopens on its own trial counts (its max-wait-duration in
     * HALF_OPEN still applies); the verdict comes through {@link Breaker#concludeTrials}. Once false again (the
     * fleet's store failed mid-visit, say), the breaker's own rules judge the trial calls it ran, at its next
     * call. Called on calling threads: never blocks, never throws.
     */
    default boolean decidesTrials() {
        return false;
    }

    /**
     * A trial call that {@link #tryAcquire()} let through completed, while {@link #decidesTrials()} was true.
     * It takes the place of {@link #release()}: the permit is spent, so that the fleet runs the permitted
     * number of trial calls in total. Called on the calling thread: return at once.
     *
     * @param failed whether the call counts as failed
     * @param slow whether it took longer than the slow-call duration threshold
     */
    default void recorded(boolean failed, boolean slow) {
    }
}
