package dev.breaker.benchmarks;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerRegistry;
import dev.breaker.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.openjdk.jol.info.GraphLayout;

/**
 * The heap an idle breaker retains through its registry, Breaker beside Resilience4j: not a JMH benchmark, a
 * {@code main} that runs in its own JVM in a few seconds.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.breaker.benchmarks.MemoryPerBreaker [--footprint]}
 *
 * <p>For each library and each window (100 calls, or 60 seconds; set as {@link Calls} describes, through the
 * library's registry with that config as its default), it builds {@value #BREAKERS} breakers named
 * {@code breaker-00000} on, and makes {@value #CALLS} succeeding calls through each, so every window has
 * reached its minimum of calls and holds them. Then:
 * <ul>
 *   <li><b>The figure</b>: JOL's {@code GraphLayout.parseInstance(registry).totalSize()} (every object reachable
 *       from the registry, each counted once, sized by the running VM's own layout), minus the same for an empty
 *       registry of the same library built with the same config, divided by {@value #BREAKERS}. Objects both
 *       reach (the shared config, the clock and whatever they reach) cancel out; what remains is what the
 *       breakers add: each breaker's objects, its name, and its share of the registry's map.</li>
 *   <li><b>A cross-check</b>: used heap ({@link MemoryMXBean}) after {@code System.gc()} repeated until it
 *       settles, before building the breakers and after their calls, divided by {@value #BREAKERS}. It also counts
 *       what the libraries create on first use (class metadata lives outside the heap, static state does not), so
 *       it reads a little higher; printed for information, not parsed.</li>
 * </ul>
 *
 * <p>JOL 0.17 on JDK 17 needs help, which this class gives itself by running the measurement in a child JVM
 * (the same {@code java}, class path and arguments; its output is this process's output) started with:
 * <ul>
 *   <li>{@code --add-opens} for the {@code java.base} packages the breakers' objects come from (atomics,
 *       concurrent maps, locks, references): JOL reads each field by reflection first and falls back to
 *       {@code Unsafe} only after two exceptions, so without them it spends most of a minute building stack
 *       traces, once per field of every such object;</li>
 *   <li>{@code -Djdk.attach.allowAttachSelf=true}, so JOL can size objects through its own agent instead of
 *       printing a warning (its fallback, sizing from the field layout, gives the same figures on HotSpot);</li>
 *   <li>{@code -Djol.magicFieldOffset=true}, since JDK 17's {@code Unsafe} refuses the field offsets of hidden
 *       classes (lambdas, which the configs hold).</li>
 * </ul>
 * Set {@code -Dbreaker.memory.inProcess=true} to measure in this JVM instead, with whatever flags it was started
 * with (then give it those flags, or expect it to take about a minute); a failed start of the child falls back to
 * that too.
 *
 * <p>With {@code --footprint}, it also prints where one Breaker's bytes go, by class, for each window.
 *
 * <p>Stdout ends with four lines, bytes per breaker: {@code Memory.breakerCount},
 * {@code Memory.resilience4jCount}, {@code Memory.breakerTime}, {@code Memory.resilience4jTime}.
 */
public final class MemoryPerBreaker {

    static final int BREAKERS = 20_000;
    static final int CALLS = 100;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private MemoryPerBreaker() {
    }

    /** What JOL needs on JDK 17: see the class comment. */
    private static final List<String> JOL_FLAGS = List.of(
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens", "java.base/java.time=ALL-UNNAMED",
            "-Djdk.attach.allowAttachSelf=true",
            "-Djol.magicFieldOffset=true");

    private static final String IN_PROCESS = "breaker.memory.inProcess";

    public static void main(String[] args) throws InterruptedException {
        if (!Boolean.getBoolean(IN_PROCESS)) {
            int exit = inChild(args);
            if (exit >= 0) {
                System.exit(exit);
            }
        }
        System.setProperty("jol.magicFieldOffset", "true");
        measure(args);
    }

    /** Runs the measurement in a child JVM with {@link #JOL_FLAGS}; its exit code, or -1 if it did not start. */
    private static int inChild(String[] args) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JOL_FLAGS);
        command.add("-D" + IN_PROCESS + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemoryPerBreaker.class.getName());
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException notStarted) {
            System.err.println("Measuring in this JVM: the child JVM did not start (" + notStarted + ")");
            return -1;
        }
    }

    private static void measure(String[] args) {
        boolean footprint = args.length > 0 && args[0].equals("--footprint");
        Calls calls = new Calls();

        BreakerConfig breakerCount = BreakerCount.config(SlidingWindowType.COUNT_BASED, Calls.WINDOW_CALLS);
        BreakerConfig breakerTime = BreakerCount.config(SlidingWindowType.TIME_BASED, Calls.WINDOW_SECONDS);
        CircuitBreakerConfig r4jCount = Resilience4jCount.config(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                Calls.WINDOW_CALLS);
        CircuitBreakerConfig r4jTime = Resilience4jCount.config(CircuitBreakerConfig.SlidingWindowType.TIME_BASED,
                Calls.WINDOW_SECONDS);

        Function<BreakerConfig, Object> breakerRegistry = config -> BreakerRegistry.builder()
                .defaultConfig(config).build();
        Function<CircuitBreakerConfig, Object> r4jRegistry = CircuitBreakerRegistry::of;
        Caller breakerCall = (registry, name) -> ((BreakerRegistry) registry).breaker(name).execute(calls.succeeding);
        Caller r4jCall = (registry, name) -> ((CircuitBreakerRegistry) registry).circuitBreaker(name)
                .executeSupplier(calls.succeeding);

        // A first pass of each, untimed: class loading and the libraries' one-off state are not the breakers'.
        measure(breakerRegistry.apply(breakerCount), breakerRegistry.apply(breakerCount), breakerCall, 100);
        measure(r4jRegistry.apply(r4jCount), r4jRegistry.apply(r4jCount), r4jCall, 100);

        Result bc = measure(breakerRegistry.apply(breakerCount), breakerRegistry.apply(breakerCount), breakerCall,
                BREAKERS);
        Result rc = measure(r4jRegistry.apply(r4jCount), r4jRegistry.apply(r4jCount), r4jCall, BREAKERS);
        Result bt = measure(breakerRegistry.apply(breakerTime), breakerRegistry.apply(breakerTime), breakerCall,
                BREAKERS);
        Result rt = measure(r4jRegistry.apply(r4jTime), r4jRegistry.apply(r4jTime), r4jCall, BREAKERS);

        if (footprint) {
            for (BreakerConfig config : new BreakerConfig[] {breakerCount, breakerTime}) {
                BreakerRegistry registry = BreakerRegistry.builder().defaultConfig(config).build();
                Breaker breaker = registry.breaker(name(0));
                for (int i = 0; i < CALLS; i++) {
                    breaker.execute(calls.succeeding);
                }
                // The breaker alone, less what it shares with every other breaker of the registry.
                GraphLayout one = GraphLayout.parseInstance(breaker)
                        .subtract(GraphLayout.parseInstance(config, Breaker.of("other", config)));
                System.out.println(config.slidingWindowType() + " window, one Breaker after " + CALLS + " calls:");
                System.out.println(one.toFootprint());
            }
        }

        System.out.println("Bytes per idle breaker (" + BREAKERS + " breakers, " + CALLS
                + " succeeding calls each): JOL retained size | used heap after GC");
        System.out.println("  Breaker      count window: " + bc);
        System.out.println("  Resilience4j count window: " + rc);
        System.out.println("  Breaker      time window:  " + bt);
        System.out.println("  Resilience4j time window:  " + rt);
        System.out.printf(Locale.ROOT, "  ratios: count %.2fx, time %.2fx%n", bc.jol / rc.jol, bt.jol / rt.jol);
        System.out.println(line("Memory.breakerCount", bc.jol));
        System.out.println(line("Memory.resilience4jCount", rc.jol));
        System.out.println(line("Memory.breakerTime", bt.jol));
        System.out.println(line("Memory.resilience4jTime", rt.jol));
    }

    /** One call through the breaker named {@code name} of {@code registry}, which creates it the first time. */
    @FunctionalInterface
    private interface Caller {
        void call(Object registry, String name);
    }

    private record Result(double jol, double heap) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%8.1f | %8.1f", jol, heap);
        }
    }

    /**
     * Fills {@code registry} with {@code count} breakers and their calls; {@code empty}, built alike, stays empty.
     */
    private static Result measure(Object registry, Object empty, Caller caller, int count) {
        long before = settledHeap();
        for (int i = 0; i < count; i++) {
            String name = name(i);
            for (int call = 0; call < CALLS; call++) {
                caller.call(registry, name);
            }
        }
        long after = settledHeap();
        long filled = GraphLayout.parseInstance(registry).totalSize();
        long base = GraphLayout.parseInstance(empty).totalSize();
        return new Result((double) (filled - base) / count, (double) (after - before) / count);
    }

    /** Used heap once repeated full collections stop changing it. */
    private static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(now - used) < 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "breaker-%05d", i);
    }

    private static String line(String key, double bytes) {
        return String.format(Locale.ROOT, "%s %.1f", key, bytes);
    }
}
