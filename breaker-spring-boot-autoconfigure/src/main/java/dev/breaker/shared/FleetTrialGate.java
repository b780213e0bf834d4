package dev.breaker.shared;

import dev.breaker.BreakerConfig;
import dev.breaker.ProbeGate;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The trial calls of one HALF_OPEN visit of a shared-window breaker, judged by the fleet: the permits are the
 * visit's {@link RedisProbeGate}'s, and each completed trial's outcome is added to the visit's count in Redis
 * ({@link FleetTrialsScript}) instead of being judged here. Its permit stays spent, so the fleet runs the
 * permitted number of trial calls in total (as long as their leases hold). The instance whose trial reaches the
 * verdict concludes the visit ({@link dev.breaker.Breaker#concludeTrials}), which the fleet then adopts.
 *
 * <p>The fleet stops deciding, and the breaker's own rules judge the trials it ran, when Redis fails (a permit
 * request or a trial count), or when no verdict has arrived one {@code probe-lease-time} after this instance's
 * last trial (the instance that reached it may have died before it could tell).
 */
final class FleetTrialGate implements ProbeGate {

    private static final Log LOG = LogFactory.getLog(RedisFleetSync.class);

    private final RedisProbeGate permits;
    private final TrackedBreaker entry;
    /** The version of the shared OPEN this visit follows: the visit's name in Redis. */
    private final long visit;
    private final FleetWindowStore store;
    private final StateExchange exchange;
    private final SyncThread syncThread;
    private final String instanceId;
    private final Duration leaseTime;
    private final Duration timeout;
    private volatile boolean deciding = true;
    private volatile boolean closed;
    /** Trials sent to Redis in this visit; sync thread only. */
    private long sent;

    FleetTrialGate(RedisProbeGate permits, TrackedBreaker entry, FleetWindowStore store, StateExchange exchange,
            SyncThread syncThread, String instanceId, Duration leaseTime, Duration timeout) {
        this.permits = permits;
        this.entry = entry;
        this.visit = entry.version;
        this.store = store;
        this.exchange = exchange;
        this.syncThread = syncThread;
        this.instanceId = instanceId;
        this.leaseTime = leaseTime;
        this.timeout = timeout;
    }

    @Override
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    @Override
    public void release() {
        permits.release();
    }

    /**
     * The visit is over: its permits go back to the fleet, but only once the transition that ended it has had
     * time to reach Redis. The instance that concluded the visit leaves HALF_OPEN before it writes its transition,
     * and instances still in the visit must not take the spent permits meanwhile for trials of their own.
     */
    @Override
    public void close() {
        closed = true;
        syncThread.schedule(permits::close, timeout.toNanos());
    }

    @Override
    public boolean decidesTrials() {
        return deciding && !permits.isLocal();
    }

    @Override
    public void recorded(boolean failed, boolean slow) {
        if (!closed) {
            syncThread.execute(() -> send(failed, slow));
        }
    }

    // ---- on the sync thread ------------------------------------------------------------------------

    private void send(boolean failed, boolean slow) {
        long trial = ++sent;
        try {
            // The hash outlives the leases a few times over, so a visit's count survives its slowest trials.
            store.recordTrial(entry, visit, instanceId, failed, slow, entry.breaker.config(), leaseTime.multipliedBy(3),
                    reply -> answered(reply, trial), this::failed);
        } catch (RuntimeException refused) {
            failed(refused);
        }
    }

    private void answered(FleetTrialsScript.Reply reply, long trial) {
        entry.succeeded();
        if (closed) {
            return;
        }
        if (reply.reachedHere()) {
            entry.breaker.concludeTrials(reply.passed(), reason(reply, entry.breaker.config()));
            return;
        }
        syncThread.schedule(() -> {
            if (!closed && deciding && sent == trial) {
                deciding = false;
                LOG.info("Circuit breaker '" + entry.breaker.name() + "': no fleet verdict on its trial calls within "
                        + leaseTime + "; its own trial calls decide");
            }
        }, leaseTime.toNanos());
    }

    private void failed(Throwable error) {
        deciding = false;
        exchange.failed(entry, "fleet trials", error);
    }

    /** Why the fleet's trials concluded as they did, in the words of the breaker's own trial verdicts. */
    static String reason(FleetTrialsScript.Reply reply, BreakerConfig config) {
        String from = " from " + reply.instances() + (reply.instances() == 1 ? " instance" : " instances");
        int needed = config.successThresholdInHalfOpenState();
        if (needed > 0) {
            return reply.passed() ? "fleet trial calls: " + reply.calls() + " successful trial calls in a row" + from
                    : "fleet trial calls: " + reply.failed() + " failed and " + reply.slow() + " slow of "
                            + reply.calls() + " completed" + from + ", with " + needed
                            + " successful trial calls needed to close";
        }
        if (reply.passed()) {
            return "fleet trial calls: failure rate " + FleetWindow.percent(reply.failed() * 100.0 / reply.calls())
                    + " < " + FleetWindow.percent(config.failureRateThreshold()) + " and slow-call rate "
                    + FleetWindow.percent(reply.slow() * 100.0 / reply.calls()) + " < "
                    + FleetWindow.percent(config.slowCallRateThreshold()) + " over " + reply.calls() + " trial calls"
                    + from;
        }
        int permitted = config.permittedNumberOfCallsInHalfOpenState();
        double failureRate = reply.failed() * 100.0 / permitted;
        String rate = failureRate >= config.failureRateThreshold()
                ? "failure rate " + FleetWindow.percent(failureRate) + " >= "
                        + FleetWindow.percent(config.failureRateThreshold())
                : "slow-call rate " + FleetWindow.percent(reply.slow() * 100.0 / permitted) + " >= "
                        + FleetWindow.percent(config.slowCallRateThreshold());
        return "fleet trial calls: " + reply.failed() + " failed and " + reply.slow() + " slow of " + reply.calls()
                + " completed (of " + permitted + ")" + from + ": " + rate;
    }
}
