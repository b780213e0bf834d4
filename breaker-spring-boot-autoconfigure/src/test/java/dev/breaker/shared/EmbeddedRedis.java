package dev.breaker.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server process on a free port (the binary ships in the embedded-redis test jar). */
final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    EmbeddedRedis() {
        this.port = freePort();
        start();
    }

    int port() {
        return port;
    }

    /** Starts (or restarts, on the same port) an empty server without persistence. */
    void start() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
        } catch (IOException failed) {
            throw new UncheckedIOException("could not start redis-server on port " + port, failed);
        }
    }

    void stop() {
        try {
            server.stop();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
