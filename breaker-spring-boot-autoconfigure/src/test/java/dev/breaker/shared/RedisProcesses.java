package dev.breaker.shared;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * Real Redis processes for tests: standalone servers ({@link #server()}), a cluster of 3 masters
 * ({@link RedisClusterNodes}) or a master with a replica and 3 sentinels ({@link RedisSentinels}).
 *
 * <p>Runs Debian's {@code /usr/bin/redis-server} (package redis-server, which {@code .ci/run} installs) and, where
 * it is missing, the binary inside the embedded-redis test jar (6.2), so that {@code ./mvnw verify} runs anywhere.
 * The system property {@code breaker-tests.redis-server} names another binary, or {@code embedded} for the jar's.
 *
 * <p>Every process runs without persistence, its configuration and log in one temporary directory. {@link #close()}
 * kills them all and removes the directory: call it from {@code @AfterAll} or a try-with-resources, so that it runs
 * when a test fails too (a shutdown hook is the last resort). Every wait for a process is bounded.
 */
final class RedisProcesses implements AutoCloseable {

    /** The longest wait for a process to start, a cluster to form or sentinels to see each other. */
    static final Duration STARTUP = Duration.ofSeconds(20);

    private static final Path DEBIAN_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path DEBIAN_CLI = Path.of("/usr/bin/redis-cli");

    private static @Nullable String serverBinary;

    final Path dir;
    private final List<RedisNode> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "redis-processes-cleanup");

    RedisProcesses() {
        try {
            dir = Files.createTempDirectory("breaker-redis-");
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The redis-server binary the tests run. */
    static synchronized String serverBinary() {
        if (serverBinary == null) {
            String chosen = System.getProperty("breaker-tests.redis-server");
            if (chosen != null && !chosen.equals("embedded")) {
                serverBinary = chosen;
            } else if (chosen == null && Files.isExecutable(DEBIAN_SERVER)) {
                serverBinary = DEBIAN_SERVER.toString();
            } else {
                serverBinary = embeddedBinary();
            }
        }
        return serverBinary;
    }

    /** The binary inside the embedded-redis jar, written out once (the jar removes it when the JVM exits). */
    private static String embeddedBinary() {
        try {
            File binary = ExecutableProvider.newJarResourceProvider().get();
            if (!binary.canExecute() && !binary.setExecutable(true)) {
                throw new IllegalStateException("cannot make " + binary + " executable");
            }
            return binary.getAbsolutePath();
        } catch (IOException failed) {
            throw new UncheckedIOException("no redis-server binary in the embedded-redis jar for this platform", failed);
        }
    }

    /** Debian's redis-cli, if it is installed and the tests run Debian's server. */
    static @Nullable String cliBinary() {
        return System.getProperty("breaker-tests.redis-server") == null && Files.isExecutable(DEBIAN_CLI)
                ? DEBIAN_CLI.toString() : null;
    }

    /** A standalone server on a free port. */
    RedisNode server() {
        return start("server", freePort(), List.of());
    }

    /**
     * Starts a redis-server on {@code port} with {@code settings} (lines of its configuration file) and waits until
     * it answers {@code PING}.
     */
    RedisNode start(String name, int port, List<String> settings) {
        return start(name, port, settings, List.of());
    }

    /** As {@link #start(String, int, List)}, with {@code options} after the configuration file (--sentinel). */
    RedisNode start(String name, int port, List<String> settings, List<String> options) {
        Path config = dir.resolve(name + "-" + port + ".conf");
        List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                "logfile " + dir.resolve(name + "-" + port + ".log"), "save \"\"", "appendonly no"));
        lines.addAll(settings);
        try {
            Files.write(config, lines);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        List<String> command = new ArrayList<>(List.of(serverBinary(), config.toString()));
        command.addAll(options);
        RedisNode node = new RedisNode(name, port, command, dir.resolve(name + "-" + port + ".log"));
        synchronized (nodes) {
            nodes.add(node);
        }
        node.start();
        return node;
    }

    /**
     * Runs {@code command} to its end (at most {@link #STARTUP}), its output into {@code log} in the directory.
     *
     * @throws IllegalStateException when it fails, with its output
     */
    void run(String log, List<String> command) {
        Path output = dir.resolve(log);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + STARTUP + ":\n" + read(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "):\n"
                        + read(output));
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Kills every process and removes the directory. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private void killAll() {
        synchronized (nodes) {
            nodes.forEach(RedisNode::kill);
        }
    }

    /** A free port whose cluster bus port (10000 higher) is free too. */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair found");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException taken) {
            return false;
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no output)";
        } catch (IOException failed) {
            return "(unreadable: " + failed + ")";
        }
    }
}
