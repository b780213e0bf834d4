package dev.breaker.sample.cascade;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many clients post payments back to back while one more client keeps asking an unrelated endpoint, for a
 * fixed time. Every request has a client-side timeout, so a starved server shows up as failed requests.
 */
final class CascadeLoad {

    static final int PAYMENT_CLIENTS = 100;
    static final Duration RUN_FOR = Duration.ofSeconds(5);
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CLIENT_TIMEOUT).executor(Executors.newCachedThreadPool()).build();

    final AtomicInteger paymentsAnswered = new AtomicInteger();
    final AtomicInteger paymentsQueuedByFallback = new AtomicInteger();
    final AtomicInteger paymentsFailed = new AtomicInteger();
    final List<Long> paymentMillis = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger unrelatedAnswered = new AtomicInteger();
    final AtomicInteger unrelatedFailed = new AtomicInteger();
    final List<Long> unrelatedMillis = Collections.synchronizedList(new ArrayList<>());

    CascadeLoad(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    CascadeLoad run() throws InterruptedException {
        long end = System.nanoTime() + RUN_FOR.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(PAYMENT_CLIENTS + 1);
        for (int i = 0; i < PAYMENT_CLIENTS; i++) {
            int id = i;
            clients.submit(() -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                    pay("c" + id + "-" + n);
                }
            });
        }
        clients.submit(() -> {
            while (System.nanoTime() < end) {
                unrelated();
            }
        });
        clients.shutdown();
        if (!clients.awaitTermination(RUN_FOR.toSeconds() + CLIENT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            clients.shutdownNow();
            throw new AssertionError("the load did not finish in time");
        }
        return this;
    }

    private void pay(String orderId) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/payments"))
                    .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"amount\":5.00}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            paymentMillis.add((System.nanoTime() - start) / 1_000_000);
            paymentsAnswered.incrementAndGet();
            if (response.statusCode() == 202) {
                paymentsQueuedByFallback.incrementAndGet();
            }
        } catch (Exception timedOutOrRefused) {
            paymentsFailed.incrementAndGet();
        }
    }

    private void unrelated() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/chaos"))
                    .timeout(CLIENT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            unrelatedMillis.add((System.nanoTime() - start) / 1_000_000);
            if (response.statusCode() == 200) {
                unrelatedAnswered.incrementAndGet();
            } else {
                unrelatedFailed.incrementAndGet();
            }
        } catch (Exception timedOut) {
            unrelatedFailed.incrementAndGet();
        }
    }

    /** The figures, for the test output and docs/reliability.md (reported, never asserted as timings). */
    String report(String scenario) {
        return String.format(Locale.ROOT, "%s: payments answered %d (fallback 202: %d, median %d ms, p99 %d ms), "
                        + "payments failed %d; unrelated endpoint answered %d, failed %d (median %d ms, max %d ms)",
                scenario, paymentsAnswered.get(), paymentsQueuedByFallback.get(), percentile(paymentMillis, 50),
                percentile(paymentMillis, 99), paymentsFailed.get(), unrelatedAnswered.get(), unrelatedFailed.get(),
                percentile(unrelatedMillis, 50), percentile(unrelatedMillis, 100));
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
