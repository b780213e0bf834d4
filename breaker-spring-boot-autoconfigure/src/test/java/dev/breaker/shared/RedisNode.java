package dev.breaker.shared;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** One redis-server process, which can be paused, killed and started again on its port. */
final class RedisNode {

    final String name;
    final int port;
    private final List<String> command;
    private final Path log;
    private @Nullable Process process;

    RedisNode(String name, int port, List<String> command, Path log) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.log = log;
    }

    /** Starts the process (again) and waits until it answers {@code PING}. */
    synchronized void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".out")
                            .toFile()))
                    .start();
        } catch (IOException failed) {
            throw new UncheckedIOException("could not run " + command, failed);
        }
        Process started = process;
        try {
            await().atMost(RedisProcesses.STARTUP).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("exited");
                        }
                        return "PONG".equals(RedisCommands.text(port, "PING"));
                    });
        } catch (RuntimeException failed) {
            throw new IllegalStateException(name + " on port " + port + " did not start:\n" + RedisProcesses.read(log)
                    + RedisProcesses.read(log.resolveSibling(log.getFileName() + ".out")), failed);
        }
    }

    /**
     * Freezes the process ({@code kill -STOP}): connections stay open and commands are accepted onto the
     * socket, but nothing answers until {@link #resume()} (a hang, not a refused connection).
     */
    void pause() {
        signal("-STOP");
    }

    /** Lets a paused process run again ({@code kill -CONT}); it then runs what it was sent. */
    void resume() {
        signal("-CONT");
    }

    /** {@code kill -9}, and waits until the process is gone. */
    synchronized void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + running.pid() + ") survived kill -9");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    boolean isAlive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    private void signal(String signal) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(running.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + running.pid() + " failed");
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** {@code host:port}. */
    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }
}
