package dev.breaker.tuning;

/**
 * {@code java -cp breaker-core.jar dev.breaker.tuning.ReplayCommand recording.jsonl --set failure-rate-threshold=20
 * [--set name=value ...] [--experiment name]}: replays a recording exported from
 * {@code /actuator/circuitbreakers/{name}/recording} through its own settings (the baseline) and through them
 * with the {@code --set} changes, and prints both reports and the verdict. Exit status 0, or 2 with a message
 * naming the culprit for a bad argument or file.
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        throw new UnsupportedOperationException("API stub");
    }
}
