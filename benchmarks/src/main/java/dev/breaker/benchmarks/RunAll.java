package dev.breaker.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark of this module at each thread count (1 and 2 unless {@code --threads} says
 * otherwise) with the GC profiler, then prints one table of ns/op and B/op, and the targets as
 * ratios of figures from this same run.
 *
 * <p>Other arguments are JMH's own ({@code -wi 1 -i 2}, a benchmark regex, ...). JSON results are
 * written next to the jar, one file per thread count.
 */
public final class RunAll {

    /**
     * Every fork's heap: fixed and touched before the benchmark starts. On this virtual machine the first touch
     * of a page the host has not backed costs about 5 us (DAMON pages out memory left idle for a minute, and every
     * fork is a new JVM), so a benchmark that allocates slowly kept paying it as its young generation grew into
     * fresh memory: {@code HttpClientInterceptor.plain} read 3.5 us at 1 thread, and 56 ns with the heap touched
     * first. Transparent huge pages make touching 1 GB take a fraction of a second instead of about two.
     */
    static final List<String> FORK_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
            "-XX:+UseTransparentHugePages");

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> threadCounts = List.of(1, 2);
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads") && i + 1 < args.length) {
                threadCounts = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
            } else {
                jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions given = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        boolean allBenchmarks = given.getIncludes().isEmpty();
        Path outputDirectory = jarDirectory();

        String loadBefore = loadAverage();
        String cpusBefore = CpuCheck.describe();
        Map<String, Map<Integer, Row>> table = new TreeMap<>(RunAll::compareBenchmarks);
        // Heap retained per idle breaker, measured first in a JVM of its own (not a JMH benchmark: one figure).
        Map<String, Double> memory = allBenchmarks || given.getIncludes().stream().anyMatch(i -> "Memory".matches(
                ".*" + i + ".*")) ? MemoryRun.measure() : Map.of();
        for (int threads : threadCounts) {
            List<String> forkJvm = new ArrayList<>(FORK_HEAP);
            if (given.getJvmArgsAppend().hasValue()) {
                forkJvm.addAll(given.getJvmArgsAppend().get());
            }
            ChainedOptionsBuilder options = new OptionsBuilder().parent(given)
                    .threads(threads)
                    .jvmArgsAppend(forkJvm.toArray(String[]::new))
                    .addProfiler(GCProfiler.class)
                    .resultFormat(ResultFormatType.JSON)
                    .result(outputDirectory.resolve("jmh-" + threads + "t.json").toString());
            if (allBenchmarks) {
                options.include(RunAll.class.getPackageName() + "\\..*").exclude(ON_DEMAND);
            }
            Collection<RunResult> results = new Runner(options.build()).run();
            for (RunResult result : results) {
                String name = shortName(result.getParams().getBenchmark());
                Result<?> primary = result.getPrimaryResult();
                double bytes = result.getSecondaryResults().entrySet().stream()
                        .filter(entry -> entry.getKey().endsWith("gc.alloc.rate.norm"))
                        .mapToDouble(entry -> entry.getValue().getScore()).findFirst().orElse(Double.NaN);
                table.computeIfAbsent(name, n -> new LinkedHashMap<>())
                        .put(threads, new Row(primary.getScore(), primary.getScoreError(), bytes));
            }
        }
        String report = header(loadBefore, loadAverage(), cpusBefore, CpuCheck.describe()) + "\n"
                + table(table, threadCounts) + "\n" + MemoryRun.table(memory) + targets(table, memory);
        System.out.println();
        System.out.println(report);
        Files.writeString(outputDirectory.resolve("results.md"), report);
    }

    /**
     * Benchmarks for information only, left out of the default run to keep the whole set under 15 minutes; run
     * them by name (e.g. {@code benchmarks/run.sh MicrometerTimer}). Their figures are in RESULTS.md.
     */
    static final String ON_DEMAND = "MicrometerTimer\\..*|SpringAnnotated\\.noOpAround$"
            + "|HttpClientInterceptor\\.(noOpInterceptor|withBreaker|interceptorAlone)$";

    /** One benchmark at one thread count. */
    record Row(double nanos, double error, double bytes) {
    }

    private static String header(String loadBefore, String loadAfter, String cpusBefore, String cpusAfter) {
        Runtime runtime = Runtime.getRuntime();
        return "Machine: " + runtime.availableProcessors() + " CPUs, " + cpuModel() + "\n"
                + "JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", forks run with " + String.join(" ", FORK_HEAP) + "\n"
                + "Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
                + "Load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAfter
                + " (other work on the machine shows here, and in the error margins)\n"
                + "Before: " + cpusBefore + "\nAfter: " + cpusAfter + "\n";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static String table(Map<String, Map<Integer, Row>> table, List<Integer> threadCounts) {
        StringBuilder out = new StringBuilder("| Benchmark |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int threads : threadCounts) {
            out.append(" ").append(threads).append("t ns/op | ").append(threads).append("t B/op |");
            rule.append("---:|---:|");
        }
        out.append("\n").append(rule).append("\n");
        table.forEach((name, byThreads) -> {
            out.append("| ").append(name).append(" |");
            for (int threads : threadCounts) {
                Row row = byThreads.get(threads);
                out.append(row == null ? " | |" : " " + format(row.nanos()) + " ± " + format(row.error()) + " | "
                        + String.format(Locale.ROOT, "%.0f", row.bytes()) + " |");
            }
            out.append("\n");
        });
        return out.toString();
    }

    /** The targets, from this run's figures; a target whose figures are missing is said to be so. */
    private static String targets(Map<String, Map<Integer, Row>> table, Map<String, Double> memory) {
        StringBuilder out = new StringBuilder("Targets of the second round (issue #21), ratios of this run's figures:\n");
        secondRound(out, table, memory);
        out.append("Targets of the first round:\n");
        ratio(out, table, "BreakerCount.succeeding", "Resilience4jCount.succeeding", 1, 0.5);
        ratio(out, table, "BreakerCount.succeeding", "Resilience4jCount.succeeding", 2, 0.25);
        ratio(out, table, "BreakerTime.succeeding", "Resilience4jTime.succeeding", 1, 0.5);
        ratio(out, table, "BreakerTime.succeeding", "Resilience4jTime.succeeding", 2, 0.25);
        for (String name : List.of("BreakerCount.succeeding", "BreakerTime.succeeding", "BreakerCount.rejected",
                "BreakerTime.rejected")) {
            for (int threads : List.of(1, 2)) {
                row(table, name, threads).ifPresent(row -> out.append(String.format(Locale.ROOT,
                        "- %s at %dt: %.2f B/op, target 0 (rounded to whole bytes): %s%n", name, threads,
                        row.bytes(), Math.round(row.bytes()) == 0 ? "met" : "MISSED")));
            }
        }
        ratio(out, table, "SpringAnnotated.breakerAnnotated", "SpringAnnotated.resilience4jAnnotated", 1, 0.1);
        ratio(out, table, "SpringAnnotated.breakerAnnotated", "SpringAnnotated.resilience4jAnnotated", 2, 0.1);
        for (int threads : List.of(1, 2)) {
            row(table, "SpringAnnotated.breakerAnnotated", threads).ifPresent(row -> out.append(String.format(
                    Locale.ROOT, "- SpringAnnotated.breakerAnnotated at %dt: %.0f B/op, target < 200: %s%n", threads,
                    row.bytes(), row.bytes() < 200 ? "met" : "MISSED")));
        }
        for (int threads : List.of(1, 2)) {
            httpInterceptor(out, table, threads);
        }
        for (int threads : new int[] {1, 2}) {
            // Spring Cloud's create(id).run(supplier): at most 0.1x Resilience4j's factory, under 200 B/op.
            ratio(out, table, "CloudFactory.breaker", "CloudFactory.resilience4j", threads, 0.1);
            ratio(out, table, "CloudFactory.breaker", "CloudFactory.resilience4jNoThreadPool", threads, 0.1);
            int t = threads;
            row(table, "CloudFactory.breaker", threads).ifPresent(row -> out.append(String.format(Locale.ROOT,
                    "- CloudFactory.breaker at %dt: %.0f B/op, target < 200: %s%n", t, row.bytes(),
                    row.bytes() < 200 ? "met" : "MISSED")));
        }
        out.append("For information, not a target:\n");
        ratio(out, table, "SpringWithoutCallTimers.breakerAnnotated", "SpringWithoutCallTimers.resilience4jAnnotated",
                1, 0.1);
        ratio(out, table, "SpringWithoutCallTimers.breakerAnnotated", "SpringWithoutCallTimers.resilience4jAnnotated",
                2, 0.1);
        return out.toString();
    }

    /** The second round's targets (issue #21): the Spring AOP floor, async and layered calls, memory, lookup. */
    private static void secondRound(StringBuilder out, Map<String, Map<Integer, Row>> table, Map<String, Double> memory) {
        for (int threads : List.of(1, 2)) {
            // The floor of an annotated call is Spring AOP itself: a no-op MethodInterceptor on the same kind of bean.
            ratio(out, table, "SpringAnnotated.breakerAnnotated", "SpringAnnotated.noOpInterceptor", threads, 1.25);
            bytesAbove(out, table, "SpringAnnotated.breakerAnnotated", "SpringAnnotated.noOpInterceptor", threads, 0);
        }
        for (String kind : List.of("Stage", "Mono")) {
            for (int threads : List.of(1, 2)) {
                ratio(out, table, "SpringAsync.breaker" + kind, "SpringAnnotated.breakerAnnotated", threads, 1.25);
                // Beyond the annotated sync call's bytes, only what the same call without Breaker allocates
                // (the stage, or the publisher and its subscription) and, for a Mono, Breaker's own operator.
                asyncBytes(out, table, kind, threads);
                ratio(out, table, "SpringAsync.breaker" + kind, "SpringAsync.resilience4j" + kind, threads, 0.1);
                addedOverAdded(out, table, kind, threads);
            }
        }
        for (int threads : List.of(1, 2)) {
            ratio(out, table, "SpringLayered.breakerLayered", "SpringLayered.breakerAnnotated", threads, 1.5);
        }
        out.append("  for information, against Resilience4j:\n");
        for (int threads : List.of(1, 2)) {
            ratio(out, table, "SpringLayered.breakerLayered", "SpringLayered.resilience4jLayered", threads, 0.1);
            ratio(out, table, "SpringLayered.breakerStageTimeout", "SpringLayered.resilience4jStageTimeLimiter",
                    threads, 0.1);
        }
        for (int threads : List.of(1, 2)) {
            timeoutLayer(out, table, threads);
        }
        for (String window : List.of("Count", "Time")) {
            Double ours = memory.get("Memory.breaker" + window);
            Double theirs = memory.get("Memory.resilience4j" + window);
            if (ours != null && theirs != null) {
                double ratio = ours / theirs;
                out.append(String.format(Locale.ROOT, "- Heap retained per idle breaker, %s window: Breaker %.0f B /"
                        + " Resilience4j %.0f B = %.3f, target <= 0.25: %s%n", window.toLowerCase(Locale.ROOT), ours,
                        theirs, ratio, ratio <= 0.25 ? "met" : "MISSED"));
            }
        }
        for (int threads : List.of(1, 2)) {
            ratio(out, table, "BreakerLookup.among10000", "BreakerLookup.among10", threads, 1.5);
            for (String name : List.of("BreakerLookup.among10", "BreakerLookup.among10000")) {
                zeroBytes(out, table, name, threads);
            }
        }
    }

    /** What the synchronous timeout layer adds per call, against what Resilience4j's TimeLimiter adds. */
    private static void timeoutLayer(StringBuilder out, Map<String, Map<Integer, Row>> table, int threads) {
        withGaps(table, threads, "TimeoutSync.breaker", "TimeoutSync.breakerNoTimeout", "TimeoutSync.resilience4j",
                "Resilience4jCount.succeeding", (mine, peer) -> out.append(String.format(Locale.ROOT,
                "- Synchronous timeout layer at %dt: Breaker adds %s ns (%s - %s),"
                + " %.0f B/op; Resilience4j's TimeLimiter adds %s ns (%s - Resilience4jCount.succeeding %s), %.0f B/op;"
                + " whole calls %s / %s ns = %.3f (information)%n", threads, format(mine.nanos()),
                format(mine.call().nanos()), format(mine.floor().nanos()), mine.bytes(), format(peer.nanos()),
                format(peer.call().nanos()), format(peer.floor().nanos()), peer.bytes(), format(mine.call().nanos()),
                format(peer.call().nanos()), mine.call().nanos() / peer.call().nanos())));
    }

    /** What a call adds over its floor, both rows from this run. */
    record Gap(Row call, Row floor) {

        double nanos() {
            return call.nanos() - floor.nanos();
        }

        double bytes() {
            return call.bytes() - floor.bytes();
        }
    }

    /** Gives {@code use} the gaps of two calls over their floors at {@code threads}, if this run has all four rows. */
    private static void withGaps(Map<String, Map<Integer, Row>> table, int threads, String call, String floor,
            String other, String otherFloor, BiConsumer<Gap, Gap> use) {
        Optional<Gap> first = gap(table, call, floor, threads);
        Optional<Gap> second = gap(table, other, otherFloor, threads);
        if (first.isPresent() && second.isPresent()) {
            use.accept(first.get(), second.get());
        }
    }

    /** The gap between {@code call} and {@code floor} at {@code threads}, if this run has both. */
    private static Optional<Gap> gap(Map<String, Map<Integer, Row>> table, String call, String floor, int threads) {
        Optional<Row> above = row(table, call, threads);
        Optional<Row> below = row(table, floor, threads);
        return (above.isPresent() && below.isPresent()) ? Optional.of(new Gap(above.get(), below.get()))
                : Optional.empty();
    }

    /** {@code ours} allocates at most {@code allowance} bytes per call more than {@code floor}. */
    private static void bytesAbove(StringBuilder out, Map<String, Map<Integer, Row>> table, String ours, String floor,
            int threads, double allowance) {
        Optional<Row> mine = row(table, ours, threads);
        Optional<Row> base = row(table, floor, threads);
        if (mine.isPresent() && base.isPresent()) {
            double above = mine.get().bytes() - base.get().bytes();
            out.append(String.format(Locale.ROOT, "- %s at %dt: %.0f B/op, %.0f above %s, target <= %.0f: %s%n", ours,
                    threads, mine.get().bytes(), above, floor, allowance,
                    Math.round(above) <= allowance ? "met" : "MISSED"));
        }
    }

    private static void asyncBytes(StringBuilder out, Map<String, Map<Integer, Row>> table, String kind, int threads) {
        Optional<Row> mine = row(table, "SpringAsync.breaker" + kind, threads);
        Optional<Row> sync = row(table, "SpringAnnotated.breakerAnnotated", threads);
        Optional<Row> plain = row(table, "SpringAsync.unannotated" + kind, threads);
        if (mine.isEmpty() || sync.isEmpty() || plain.isEmpty()) {
            return;
        }
        long extra = Math.round(mine.get().bytes() - sync.get().bytes() - plain.get().bytes());
        out.append(String.format(Locale.ROOT, "  SpringAsync.breaker%s at %dt: %.0f B/op = the annotated sync call's %.0f"
                + " + the %s without Breaker %.0f + %d%s%n", kind, threads, mine.get().bytes(), sync.get().bytes(),
                kind.equals("Stage") ? "stage" : "Mono", plain.get().bytes(), extra, kind.equals("Stage")
                        ? (extra <= 0 ? " (target 0: met)" : " (target 0: MISSED)")
                        : " (Breaker's operator on the Mono)"));
    }

    /**
     * For information: what the annotation adds to a stage or {@code Mono} call (the call's time less the same
     * call on a bean no advice reaches), over what it adds to a sync call. The Mono's own subscription (the
     * unannotated row) costs about a third of the annotated sync call on its own, so the whole-call ratio above
     * cannot reach 1.25 even with an operator that costs nothing; this one compares what Breaker and Spring AOP add.
     */
    private static void addedOverAdded(StringBuilder out, Map<String, Map<Integer, Row>> table, String kind,
            int threads) {
        withGaps(table, threads, "SpringAsync.breaker" + kind, "SpringAsync.unannotated" + kind,
                "SpringAnnotated.breakerAnnotated", "SpringAnnotated.unannotated", (mine, base) -> out.append(
                String.format(Locale.ROOT, "  for information, added over added at %dt: (%s - %s) / (%s - %s) ns ="
                + " %.3f (SpringAsync.breaker%s less SpringAsync.unannotated%s, over SpringAnnotated.breakerAnnotated"
                + " less SpringAnnotated.unannotated)%n", threads, format(mine.call().nanos()),
                format(mine.floor().nanos()), format(base.call().nanos()), format(base.floor().nanos()),
                mine.nanos() / base.nanos(), kind, kind)));
    }

    private static void zeroBytes(StringBuilder out, Map<String, Map<Integer, Row>> table, String name, int threads) {
        row(table, name, threads).ifPresent(row -> out.append(String.format(Locale.ROOT,
                "- %s at %dt: %.2f B/op, target 0 (rounded to whole bytes): %s%n", name, threads, row.bytes(),
                Math.round(row.bytes()) == 0 ? "met" : "MISSED")));
    }

    /**
     * The outbound-HTTP targets: the breaker adds at most 100 ns to a request on the path Boot's builders take
     * (the wrapped request factory; the interceptor only where a host's breaker retries, with what Spring's chain
     * costs for any interceptor shown apart), and the host lookup on a hit allocates nothing.
     */
    private static void httpInterceptor(StringBuilder out, Map<String, Map<Integer, Row>> table, int threads) {
        Optional<Row> plain = row(table, "HttpClientInterceptor.plain", threads);
        Optional<Row> factory = row(table, "HttpClientInterceptor.withBreakerFactory", threads);
        Optional<Row> noOp = row(table, "HttpClientInterceptor.noOpInterceptor", threads);
        Optional<Row> breaker = row(table, "HttpClientInterceptor.withBreaker", threads);
        if (plain.isPresent() && factory.isPresent()) {
            double added = factory.get().nanos() - plain.get().nanos();
            out.append(String.format(Locale.ROOT, "- HTTP breaker added cost at %dt (request factory, Boot's default"
                    + " path): withBreakerFactory - plain = %s - %s = %s ns (%.0f B/op), target <= 100 ns: %s%n",
                    threads, format(factory.get().nanos()), format(plain.get().nanos()), format(added),
                    factory.get().bytes() - plain.get().bytes(), added <= 100 ? "met" : "MISSED"));
        }
        if (plain.isPresent() && breaker.isPresent()) {
            out.append(String.format(Locale.ROOT, "  interceptor path (breakers with a retry): withBreaker - plain = %s"
                    + " ns (%.0f B/op)%n", format(breaker.get().nanos() - plain.get().nanos()),
                    breaker.get().bytes() - plain.get().bytes()));
            noOp.ifPresent(chain -> out.append(String.format(Locale.ROOT, "  of which Spring's chain for any"
                    + " interceptor (noOpInterceptor - plain) %s ns, %.0f B/op; Breaker's own (withBreaker -"
                    + " noOpInterceptor) %s ns, %.0f B/op%n", format(chain.nanos() - plain.get().nanos()),
                    chain.bytes() - plain.get().bytes(), format(breaker.get().nanos() - chain.nanos()),
                    breaker.get().bytes() - chain.bytes())));
            row(table, "HttpClientInterceptor.interceptorAlone", threads).ifPresent(alone -> out.append(String.format(
                    Locale.ROOT, "  Breaker's own, measured alone (interceptorAlone): %s ns, %.0f B/op%n",
                    format(alone.nanos()), alone.bytes())));
        }
        row(table, "HttpClientInterceptor.hostLookup", threads).ifPresent(row -> out.append(String.format(
                Locale.ROOT, "- HttpClientInterceptor.hostLookup (a known host) at %dt: %s ns, %.2f B/op, target 0"
                        + " (rounded to whole bytes): %s%n", threads, format(row.nanos()), row.bytes(),
                Math.round(row.bytes()) == 0 ? "met" : "MISSED")));
    }

    private static void ratio(StringBuilder out, Map<String, Map<Integer, Row>> table, String ours, String theirs,
            int threads, double target) {
        Optional<Row> mine = row(table, ours, threads);
        Optional<Row> peer = row(table, theirs, threads);
        if (mine.isEmpty() || peer.isEmpty()) {
            return;
        }
        double ratio = mine.get().nanos() / peer.get().nanos();
        out.append(String.format(Locale.ROOT, "- %s / %s at %dt: %s / %s ns = %.3f, target <= %s: %s%n", ours,
                theirs, threads, format(mine.get().nanos()), format(peer.get().nanos()), ratio, target,
                ratio <= target ? "met" : "MISSED"));
    }

    private static Optional<Row> row(Map<String, Map<Integer, Row>> table, String name, int threads) {
        return Optional.ofNullable(table.get(name)).map(byThreads -> byThreads.get(threads));
    }

    private static String format(double nanos) {
        double size = Math.abs(nanos); // differences can be negative
        return String.format(Locale.ROOT, size < 10 ? "%.2f" : size < 100 ? "%.1f" : "%.0f", nanos);
    }

    private static String shortName(String benchmark) {
        String prefix = RunAll.class.getPackageName() + ".";
        return benchmark.startsWith(prefix) ? benchmark.substring(prefix.length()) : benchmark;
    }

    /**
     * The direct call first, then each breaker beside its peers, then Spring, then outbound HTTP; succeeding
     * calls first, each floor before what is measured against it.
     */
    private static int compareBenchmarks(String a, String b) {
        int byGroup = Integer.compare(group(a), group(b));
        if (byGroup != 0) {
            return byGroup;
        }
        int byMethod = Integer.compare(method(a), method(b));
        return byMethod != 0 ? byMethod : a.compareTo(b);
    }

    private static final List<String> METHODS = List.of(".succeeding", ".failing", ".rejected", ".unannotated",
            ".unannotatedStage", ".unannotatedMono", ".plain", ".noOpInterceptor", ".noOpAround", ".breakerAnnotated",
            ".resilience4jAnnotated", ".breakerStage", ".resilience4jStage", ".breakerMono", ".resilience4jMono",
            ".breakerLayered", ".resilience4jLayered", ".breakerStageTimeout", ".resilience4jStageTimeLimiter",
            ".withBreakerFactory", ".withBreaker", ".breakerNoTimeout", ".breaker", ".resilience4j",
            ".resilience4jNoThreadPool", ".interceptorAlone", ".hostLookup", ".among10", ".among10000",
            ".resilience4jAmong10000");

    private static int method(String name) {
        for (int i = 0; i < METHODS.size(); i++) {
            if (name.endsWith(METHODS.get(i))) {
                return i;
            }
        }
        return METHODS.size();
    }

    private static final List<String> GROUPS = List.of("Direct.", "BreakerCount.", "Resilience4jCount.",
            "BreakerTime.", "Resilience4jTime.", "FailsafeCount.", "TimeoutSync.", "BreakerLookup.", "SpringAnnotated.",
            "SpringAsync.", "SpringLayered.", "SpringWithoutCallTimers.", "MicrometerTimer.", "HttpClientInterceptor.");

    private static int group(String name) {
        for (int i = 0; i < GROUPS.size(); i++) {
            if (name.startsWith(GROUPS.get(i))) {
                return i;
            }
        }
        return GROUPS.size();
    }

    /** Where the jar is, so the results land in target/ whatever the working directory. */
    private static Path jarDirectory() {
        try {
            Path location = Path.of(RunAll.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (Exception e) {
            return Path.of(".");
        }
    }
}
