package dev.breaker;

/**
 * The fleet-wide limit on trial calls for one HALF_OPEN visit of a shared breaker (see
 * {@link FleetSync#probeGate}). The breaker asks it only after its own local limit has said yes.
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
}
