package dev.breaker.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Times the same allocating loop on each CPU, for the header of a run: whether the CPUs ran alike.
 *
 * <p>Why: on the virtual machine of RESULTS.md, one of the two CPUs at times ran allocating code 1.5 to 1.8 times
 * slower than the other (a chain of arithmetic ran alike on both; other work on the host, we believe), and which
 * one changed from minute to minute. A one-thread fork then ran on either, and the same call read 45 ns in one
 * fork and 70 ns in the next. A run whose header shows such a gap has figures to read with that in mind. Linux only
 * ({@code /proc/thread-self} and {@code taskset}); elsewhere the answer says it could not check.
 */
final class CpuCheck {

    private static final int ALLOCATIONS = 1_000_000;
    private static final int ROUNDS = 8;
    private static final int WARM_UP = 30;

    @SuppressWarnings("unused") // keeps the loop's result alive
    private static volatile long sink;

    private CpuCheck() {
    }

    /** One line: each CPU's best time for the loop, and how much slower the slowest is. */
    static String describe() {
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                return "CPU check: not done (no /proc/thread-self)";
            }
            String thread = Files.readSymbolicLink(self).getFileName().toString();
            String reply = run("taskset", "-pc", thread); // "pid 123's current affinity list: 0,1"
            String allowed = reply.substring(reply.lastIndexOf(':') + 1).trim();
            List<Integer> cpus = cpus(allowed);
            long[] best = new long[cpus.size()];
            Arrays.fill(best, Long.MAX_VALUE);
            for (int warmUp = 0; warmUp < WARM_UP; warmUp++) {
                timeLoop(); // compiled before it is timed
            }
            try {
                // Each CPU in turn, round after round; the best time is kept.
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < cpus.size(); i++) {
                        run("taskset", "-pc", String.valueOf(cpus.get(i)), thread);
                        best[i] = Math.min(best[i], timeLoop());
                    }
                }
            } finally {
                run("taskset", "-pc", allowed, thread); // back to where it may run
            }
            StringBuilder out = new StringBuilder("CPU check (the same allocating loop on each CPU, best of "
                    + ROUNDS + "):");
            long fastest = Long.MAX_VALUE;
            long slowest = 0;
            for (int i = 0; i < cpus.size(); i++) {
                out.append(String.format(Locale.ROOT, " CPU %d %.2f ms;", cpus.get(i), best[i] / 1e6));
                fastest = Math.min(fastest, best[i]);
                slowest = Math.max(slowest, best[i]);
            }
            return out.append(String.format(Locale.ROOT, " slowest/fastest %.2f", (double) slowest / fastest))
                    .toString();
        } catch (IOException | RuntimeException e) {
            return "CPU check: not done (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "CPU check: interrupted";
        }
    }

    private static long timeLoop() {
        long start = System.nanoTime();
        Object kept = null;
        long total = 0;
        for (int i = 0; i < ALLOCATIONS; i++) {
            Object[] fresh = new Object[4];
            fresh[i & 3] = kept;
            kept = ((i & 1023) == 0) ? null : fresh;
            total += fresh.length;
        }
        sink = total + ((kept != null) ? 1 : 0);
        return System.nanoTime() - start;
    }

    /** "0-3,6" as a list of CPUs. */
    private static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            for (int cpu = Integer.parseInt(range[0]); cpu <= Integer.parseInt(range[range.length - 1]); cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
        return output;
    }
}
