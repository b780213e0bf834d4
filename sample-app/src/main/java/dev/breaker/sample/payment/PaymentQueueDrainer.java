package dev.breaker.sample.payment;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.BreakerState;
import dev.breaker.autoconfigure.BreakerStateChangedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends the queued payments to the gateway once the breaker {@code payment} closes again: oldest first, one at a
 * time on a background thread, {@code sample.payments.queue.drain-pause} apart, through the same breaker. A
 * payment the gateway makes leaves the queue; the first one that fails (or that the breaker rejects, because it
 * has opened again) stays at the head, with its {@code queuedAt}, and draining stops until the breaker next closes.
 * Each payment goes once per drain through {@link PaymentService#payQueued}, whose retry layer may try the gateway
 * up to 3 times; the gateway deduplicates on {@code orderId}, so an attempt that charged but whose answer was lost
 * (a timeout) is not charged twice by the next attempt or the next drain. The transition only schedules the drain: the thread that
 * closed the breaker (a request's trial call, an operator's write) never waits for the backlog.
 * <p>
 * Meters: {@code sample.payments.resent} (tag {@code outcome}: {@code paid}, or {@code failed} for a payment that
 * failed or was rejected and stayed queued) and {@code sample.payments.queued}, the queue's size.
 */
@Component
public class PaymentQueueDrainer implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(PaymentQueueDrainer.class);

    private final PaymentQueue queue;
    private final PaymentService payments;
    private final BreakerRegistry breakers;
    private final Duration pause;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong drained = new AtomicLong();
    private final Counter resentPaid;
    private final Counter resentFailed;

    public PaymentQueueDrainer(PaymentQueue queue, PaymentService payments, BreakerRegistry breakers,
            PaymentQueueProperties properties, MeterRegistry meters) {
        this.resentPaid = resent(meters, "paid");
        this.resentFailed = resent(meters, "failed");
        Gauge.builder("sample.payments.queued", queue, PaymentQueue::size)
                .description("Payments the fallback queued that wait for the gateway").register(meters);
        this.queue = queue;
        this.payments = payments;
        this.breakers = breakers;
        this.pause = properties.drainPause();
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread drainer = new Thread(task, "payment-queue-drain");
            drainer.setDaemon(true);
            return drainer;
        });
    }

    private static Counter resent(MeterRegistry meters, String outcome) {
        return Counter.builder("sample.payments.resent").tag("outcome", outcome)
                .description("Queued payments sent again once the breaker closed, by outcome").register(meters);
    }

    /** Called on the thread that closed the breaker: only hands the work to the drain thread. */
    @EventListener
    void onTransition(BreakerStateChangedEvent event) {
        if (PaymentService.BREAKER.equals(event.getBreakerName()) && event.getTo() == BreakerState.CLOSED
                && event.getFrom() != BreakerState.CLOSED) {
            drain();
        }
    }

    /** Starts draining, unless a drain is running already. */
    void drain() {
        if (draining.compareAndSet(false, true)) {
            int waiting = queue.size();
            if (waiting > 0) {
                logger.info("Breaker '{}' is closed: sending the {} queued payments to the gateway",
                        PaymentService.BREAKER, waiting);
            }
            next(Duration.ZERO);
        }
    }

    /** Whether a drain is running. */
    public boolean draining() {
        return draining.get();
    }

    /** How many queued payments the gateway has made since the application started. */
    public long drained() {
        return drained.get();
    }

    private void next(Duration delay) {
        try {
            thread.schedule(this::sendOldest, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            draining.set(false);
        }
    }

    private void sendOldest() {
        QueuedPayment oldest = queue.oldest();
        if (oldest == null || !breakerClosed()) {
            stop();
            return;
        }
        try {
            payments.payQueued(oldest.request());
        } catch (RuntimeException failed) {
            logger.info("Stopped sending queued payments, {} left: the gateway did not make the payment of order"
                    + " '{}' ({}); it stays queued until the breaker closes again", queue.size(),
                    oldest.request().orderId(), failed.toString());
            resentFailed.increment();
            draining.set(false);
            return;
        }
        queue.remove(oldest);
        drained.incrementAndGet();
        resentPaid.increment();
        next(pause);
    }

    private void stop() {
        draining.set(false);
        // The breaker may have closed again while this drain was ending, when drain() found it still running.
        if (queue.oldest() != null && breakerClosed()) {
            drain();
        }
    }

    private boolean breakerClosed() {
        return breakers.find(PaymentService.BREAKER).map(Breaker::state).orElse(null) == BreakerState.CLOSED;
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
