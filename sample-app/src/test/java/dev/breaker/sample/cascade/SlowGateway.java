package dev.breaker.sample.cascade;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A payment gateway that has gone slow: every call hangs for {@code latencyMillis}, far beyond the
 * client's read timeout. It runs on its own server and threads, as a real remote dependency would, so the
 * only threads it can exhaust are the application's own request threads waiting on it.
 */
final class SlowGateway implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slow-gateway");
        thread.setDaemon(true);
        return thread;
    });

    SlowGateway(long latencyMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/payment", exchange -> {
            try {
                // The simulated dependency's slowness, not a test waiting for behaviour.
                TimeUnit.MILLISECONDS.sleep(latencyMillis);
                byte[] body = "{\"chargeId\":\"late\"}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException | IOException gone) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
