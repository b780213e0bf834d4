package dev.breaker.sample.traffic;

import dev.breaker.Breaker;
import dev.breaker.BreakerRegistry;
import dev.breaker.sample.FallbackReason;
import dev.breaker.sample.analytics.AnalyticsEvent;
import dev.breaker.sample.analytics.AnalyticsService;
import dev.breaker.sample.inventory.InventoryService;
import dev.breaker.sample.payment.PaymentRequest;
import dev.breaker.sample.payment.PaymentService;
import dev.breaker.sample.search.SearchService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Calls one service {@code calls} times, through its Spring proxy like a controller would, on a small
 * fixed pool shared by all runs: enough concurrency to fill a breaker's window in seconds, bounded so that a
 * run cannot exhaust the machine. Every call is bounded too, by the client's timeouts.
 */
@Component
public class TrafficDriver implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(TrafficDriver.class);

    static final int MAX_CALLS = 1_000;
    static final int THREADS = 4;
    private static final List<String> QUERIES = List.of("circuit breaker", "spring boot", "timeouts", "fallbacks");
    private static final List<String> SKUS = List.of("BOOT-42", "SOCK-7", "HAT-3", "BELT-12");

    private final Map<String, IntFunction<@Nullable FallbackReason>> services;
    private final BreakerRegistry breakers;
    private final ExecutorService pool;

    public TrafficDriver(PaymentService payments, SearchService search, AnalyticsService analytics,
            InventoryService inventory, BreakerRegistry breakers) {
        Map<String, IntFunction<@Nullable FallbackReason>> services = new LinkedHashMap<>();
        // Order ids numbered across runs, not per run: the gateway deduplicates on orderId, and a second run's
        // traffic-1 is another order than a first run's, perhaps still queued.
        AtomicLong orders = new AtomicLong();
        services.put("payment", i -> payments.pay(new PaymentRequest("traffic-" + orders.incrementAndGet(),
                new BigDecimal("9.99"), "EUR")).fallback());
        services.put("search", i -> search.search(QUERIES.get(i % QUERIES.size())).fallback());
        services.put("analytics", i -> analytics.send(new AnalyticsEvent("traffic.tick", Map.of("i", i))).fallback());
        // No fallback: a failure is an error, a call the breaker refused a CallNotPermittedException (rejected).
        services.put("inventory", i -> {
            inventory.stock(SKUS.get(i % SKUS.size()));
            return null;
        });
        this.services = Collections.unmodifiableMap(services);
        this.breakers = breakers;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "traffic-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Makes {@code calls} calls to {@code service} and reports what answered.
     *
     * @throws IllegalArgumentException for an unknown service or calls out of 1..{@value #MAX_CALLS}
     */
    TrafficSummary drive(String service, int calls) {
        IntFunction<@Nullable FallbackReason> call = services.get(service);
        if (call == null) {
            throw new IllegalArgumentException("service must be one of " + String.join(", ", services.keySet())
                    + ", but was '" + (service.length() > 50 ? service.substring(0, 50) + "..." : service) + "'");
        }
        if (calls < 1 || calls > MAX_CALLS) {
            throw new IllegalArgumentException("calls must be between 1 and " + MAX_CALLS + ", but was " + calls);
        }
        AtomicInteger normal = new AtomicInteger();
        AtomicInteger fallback = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<@Nullable RuntimeException> firstError = new AtomicReference<>();
        List<CompletableFuture<Void>> runs = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            int n = i;
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    FallbackReason reason = call.apply(n);
                    AtomicInteger counter = (reason == null) ? normal
                            : (reason == FallbackReason.REJECTED) ? rejected : fallback;
                    counter.incrementAndGet();
                } catch (RuntimeException ex) {
                    if (FallbackReason.of(ex) == FallbackReason.REJECTED) {
                        rejected.incrementAndGet(); // refused by the breaker, and no fallback to say so
                    } else {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, ex);
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
        if (errors.get() > 0) {
            logger.warn("{} of {} calls to {} got no answer, neither from the downstream nor from a fallback; the"
                    + " first failed with: {}", errors.get(), calls, service, String.valueOf(firstError.get()));
        }
        return new TrafficSummary(service, calls, normal.get(), fallback.get(), rejected.get(), errors.get(),
                breakers.find(service).map(Breaker::state).orElse(null));
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
