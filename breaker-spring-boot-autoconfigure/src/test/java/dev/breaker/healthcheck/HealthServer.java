package dev.breaker.healthcheck;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server whose health endpoint answers the status the test sets, or hangs until closed. */
final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile boolean hanging;

    HealthServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.setExecutor(threads);
        server.createContext("/health", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                if (hanging) {
                    closed.await(30, TimeUnit.SECONDS);
                    return;
                }
                exchange.getResponseHeaders().add("Location", "/elsewhere");
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    HealthServer answer(int status) {
        this.status = status;
        this.hanging = false;
        return this;
    }

    HealthServer hang() {
        this.hanging = true;
        return this;
    }

    int requests() {
        return requests.get();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
