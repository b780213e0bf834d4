package dev.breaker;

/**
 * SPI: shares a breaker's state with the other instances of the same application, so that one
 * instance's discovery of an outage spares the others from rediscovering it. The Spring starter
 * implements it over Redis; the core only calls it, and never on the path of a call in CLOSED.
 *
 * <p>Each instance still decides from its own window. What crosses the fleet is transitions
 * ({@link #publish}) one way and {@link Breaker#adopt} the other, plus a gate on HALF_OPEN trial calls
 * so that the fleet as a whole lets only a few through.
 *
 * <p>Implementations must never block or throw into the breaker: I/O belongs on their own threads, and
 * when the shared store is unreachable the breaker simply goes on deciding alone.
 */
public interface FleetSync {

    /**
     * A transition this instance made that the fleet should adopt: to OPEN, CLOSED (after trial calls,
     * or by an operator), FORCED_OPEN or DISABLED; never HALF_OPEN, which each instance reaches on its
     * own clock, and never a transition that came from {@link Breaker#adopt}. Called after the
     * transition, outside the breaker's locks, on the thread that made it: return at once.
     */
    void publish(Breaker breaker, FleetTransition transition);

    /**
     * The fleet-wide gate of one HALF_OPEN visit, asked for when the visit begins and closed when it
     * ends. Return {@link ProbeGate#LOCAL} to leave trial calls to the local limit.
     *
     * <p>Called on the thread that begins the visit, and possibly on several at once: threads racing to
     * begin the same visit each ask for a gate, and only the gate of the one that wins is used and
     * closed; the others are dropped without a call. So return at once, and let a gate that is never
     * closed hold nothing for long: either hold nothing until {@link ProbeGate#tryAcquire()}, or fetch
     * permits in the background when the gate is created (so that the visit's first trial calls find
     * them) and hand the same gate to every request for the same visit, giving back permits no call
     * takes.
     */
    ProbeGate probeGate(Breaker breaker);
}
