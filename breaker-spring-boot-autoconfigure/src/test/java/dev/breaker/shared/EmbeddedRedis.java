package dev.breaker.shared;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/** A real redis-server process on a free port (the binary ships in the embedded-redis test jar). */
final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;
    private long pausedPid;

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

    /**
     * Freezes the server with {@code kill -STOP}: connections stay open and commands are accepted onto the
     * socket, but nothing answers until {@link #resume()} (a hang, not a refused connection).
     */
    void pause() {
        pausedPid = pid();
        signal("-STOP", pausedPid);
    }

    /** Lets a {@link #pause() paused} server run again ({@code kill -CONT}); it then runs what it was sent. */
    void resume() {
        signal("-CONT", pausedPid);
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** The redis-server process, as the server itself reports it (the embedded-redis jar does not expose it). */
    private long pid() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String info = connection.sync().info("server");
            return info.lines().filter(line -> line.startsWith("process_id:"))
                    .mapToLong(line -> Long.parseLong(line.substring("process_id:".length()).trim()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no process_id in INFO server"));
        } finally {
            client.shutdown();
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
