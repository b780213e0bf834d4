package dev.breaker.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code MemoryPerBreaker} in a JVM of its own (the same {@code java} and class path as this one, so that
 * nothing the benchmarks loaded weighs on the heap it measures) and reads its {@code Memory.<name> <bytes>} lines.
 */
final class MemoryRun {

    /** By name: the class comes with the benchmarks, and a build without it still runs the rest. */
    private static final String MEASUREMENT = "dev.breaker.benchmarks.MemoryPerBreaker";

    private MemoryRun() {
    }

    /** Bytes retained per idle breaker by name ({@code Memory.breakerCount}, ...); empty if the run failed. */
    static Map<String, Double> measure() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                MEASUREMENT));
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println(line);
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length == 2 && fields[0].startsWith("Memory.")) {
                        figures.put(fields[0], Double.valueOf(fields[1]));
                    }
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                System.out.println("MemoryPerBreaker failed: " + command);
                return Map.of();
            }
        } catch (Exception e) {
            System.out.println("MemoryPerBreaker could not run (" + e + "): " + command);
            return Map.of();
        }
        return figures;
    }

    /** The figures as a table, or nothing when there are none. */
    static String table(Map<String, Double> figures) {
        if (figures.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| Heap retained per idle breaker (20,000 breakers) | B |\n|---|---:|\n");
        figures.forEach((name, bytes) -> out.append("| ").append(name).append(" | ")
                .append(String.format(Locale.ROOT, "%.0f", bytes)).append(" |\n"));
        return out.append("\n").toString();
    }
}
