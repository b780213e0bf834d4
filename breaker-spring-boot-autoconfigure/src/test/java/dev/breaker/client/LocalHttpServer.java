package dev.breaker.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free local port, answering every request with the status and headers the test sets,
 * or not at all ({@link #hang()}) until it is closed. Counts the requests that reached it.
 */
final class LocalHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile Map<String, String> headers = Map.of();
    private volatile boolean hanging;

    private LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (hanging) {
                    closed.await(30, TimeUnit.SECONDS);
                    return;
                }
                byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
                headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static LocalHttpServer start() {
        try {
            return new LocalHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every request from now on with {@code status} and the headers given as name, value pairs. */
    LocalHttpServer answer(int status, String... nameValues) {
        Map<String, String> set = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            set.put(nameValues[i], nameValues[i + 1]);
        }
        this.headers = set;
        this.status = status;
        this.hanging = false;
        return this;
    }

    /** Takes every request from now on and never answers it (a dependency that hangs). */
    void hang() {
        hanging = true;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** host:port, as the breaker of this server is named after it. */
    String host() {
        return "127.0.0.1:" + port();
    }

    /** The breaker of this server when unmapped. */
    String breakerName() {
        return "http:" + host();
    }

    URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
