package dev.breaker.shared;

/**
 * One real standalone redis-server on a free port, empty and without persistence, that a test can stop,
 * start again on the same port, and pause ({@link RedisProcesses} picks the binary).
 */
final class EmbeddedRedis implements AutoCloseable {

    private final RedisProcesses processes = new RedisProcesses();
    private final RedisNode server;

    EmbeddedRedis() {
        RedisNode started;
        try {
            started = processes.server();
        } catch (RuntimeException failed) {
            processes.close();
            throw failed;
        }
        server = started;
    }

    int port() {
        return server.port;
    }

    /** Starts the server again after {@link #stop()}, on the same port and empty. */
    void start() {
        server.start();
    }

    /** Kills the server ({@code kill -9}): connections are refused until {@link #start()}. */
    void stop() {
        server.kill();
    }

    /**
     * Freezes the server with {@code kill -STOP}: connections stay open and commands are accepted onto the
     * socket, but nothing answers until {@link #resume()} (a hang, not a refused connection).
     */
    void pause() {
        server.pause();
    }

    /** Lets a {@link #pause() paused} server run again ({@code kill -CONT}); it then runs what it was sent. */
    void resume() {
        server.resume();
    }

    @Override
    public void close() {
        processes.close();
    }
}
