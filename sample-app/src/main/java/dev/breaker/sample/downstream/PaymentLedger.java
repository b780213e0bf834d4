package dev.breaker.sample.downstream;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The simulated gateway's charges, one per order: a second request for an order already charged answers the first
 * charge again instead of charging twice. That is what makes the sample's retries and the resending of queued
 * payments safe: a request that timed out on the caller's side may still have charged, and whoever sends it again
 * gets the same charge back. Real gateways do the same with an idempotency key (Stripe's {@code Idempotency-Key});
 * here the key is the {@code orderId} alone, and an order is remembered for the last {@value #REMEMBERED} orders
 * only, as a real gateway remembers keys for a day or so.
 */
@Component
public class PaymentLedger {

    /** How many orders the gateway remembers, oldest forgotten first. */
    static final int REMEMBERED = 10_000;

    private final Map<String, Entry> byOrder = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Charges {@code orderId}, or answers its earlier charge when it has one. */
    synchronized SimulatedDownstreamController.Charge charge(String orderId, BigDecimal amount) {
        Entry entry = byOrder.computeIfAbsent(orderId,
                id -> new Entry(new SimulatedDownstreamController.Charge("ch_" + UUID.randomUUID(), id, amount)));
        entry.requests++;
        return entry.charge;
    }

    /** How many charge requests for {@code orderId} reached the gateway (failed ones excluded); 0 when none. */
    public synchronized int requests(String orderId) {
        Entry entry = byOrder.get(orderId);
        return (entry != null) ? entry.requests : 0;
    }

    /** The one charge of {@code orderId}, or {@code null} when it was never charged. */
    public synchronized @Nullable String chargeId(String orderId) {
        Entry entry = byOrder.get(orderId);
        return (entry != null) ? entry.charge.chargeId() : null;
    }

    private static final class Entry {

        private final SimulatedDownstreamController.Charge charge;
        private int requests;

        Entry(SimulatedDownstreamController.Charge charge) {
            this.charge = charge;
        }
    }
}
