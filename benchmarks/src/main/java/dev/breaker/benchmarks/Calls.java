package dev.breaker.benchmarks;

import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The protected call, per benchmark thread: a trivial succeeding call that reads a field, and a failing one
 * that throws a preallocated exception, so the figures are those of the breakers and not of building stack
 * traces.
 *
 * <p>Every breaker under test is set alike: a window of 100 calls (or 60 seconds), rates computed from
 * 100 calls on, a failure-rate threshold of 75%, and an open wait of a day, so a breaker opened in a setup
 * stays OPEN for the whole run.
 */
@State(Scope.Thread)
public class Calls {

    /** Calls in a count window. */
    static final int WINDOW_CALLS = 100;
    /** Seconds in a time window. */
    static final int WINDOW_SECONDS = 60;
    /** Calls before rates count. */
    static final int MINIMUM_CALLS = 100;
    /**
     * The failure-rate threshold. The {@code failing} benchmarks alternate failing and succeeding calls in
     * each thread, so no window is ever more than about 51% failures: the breakers record every failure and
     * stay CLOSED.
     */
    static final float FAILURE_RATE_THRESHOLD = 75;
    /** Long enough that a breaker opened in a setup is still OPEN when the run ends. */
    static final Duration OPEN_WAIT = Duration.ofDays(1);

    /** The exception of a failing call: preallocated, without a stack trace. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure() {
            super("remote call failed", null, false, false);
        }
    }

    private static final Failure FAILURE = new Failure();

    private String payload = "response";
    private long calls;

    public final Supplier<String> succeeding = () -> payload;
    public final Supplier<String> failing = () -> {
        throw FAILURE;
    };
    public final CheckedSupplier<String> checkedSucceeding = () -> payload;
    public final CheckedSupplier<String> checkedFailing = () -> {
        throw FAILURE;
    };

    /** Whether this thread's next call of a {@code failing} benchmark fails: every other one does. */
    public boolean nextFails() {
        return (++calls & 1) == 1;
    }
}
