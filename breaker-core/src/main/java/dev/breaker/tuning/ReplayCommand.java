package dev.breaker.tuning;

import dev.breaker.BreakerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -cp breaker-core.jar dev.breaker.tuning.ReplayCommand recording.jsonl --set failure-rate-threshold=20
 * [--set name=value ...] [--experiment name]}: replays a recording exported from
 * {@code /actuator/circuitbreakers/{name}/recording} through its own settings (the baseline) and through them
 * with the {@code --set} changes, and prints both reports and the verdict. Exit status 0, or 2 with a message
 * naming the culprit for a bad argument or file.
 *
 * <p>The names and values of {@code --set} are those of {@link Replayer#apply}. The experiment is called
 * {@value #DEFAULT_EXPERIMENT} unless {@code --experiment} names it.
 */
public final class ReplayCommand {

    static final String DEFAULT_EXPERIMENT = "candidate";
    static final String USAGE = "usage: java -cp breaker-core.jar dev.breaker.tuning.ReplayCommand recording.jsonl"
            + " --set name=value [--set name=value ...] [--experiment name]";

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help) {
                out.println(USAGE);
                out.println("Replays a breaker's recording (GET /actuator/circuitbreakers/{name}/recording) through"
                        + " its own settings and through them with the --set changes; settings: "
                        + String.join(", ", Settings.NAMES));
                return 0;
            }
            JsonLines.Read recording = read(arguments.file);
            BreakerConfig live = recorded(arguments.file, recording);
            BreakerConfig candidate = candidate(live, arguments.settings);
            List<ExperimentReport> reports = Replayer.replay(recording.events(), live,
                    Map.of(arguments.experiment, candidate));
            ReportTable.print(out, arguments.file, recording, reports);
            return 0;
        } catch (Failure failure) {
            err.println("replay: " + failure.getMessage());
            return 2;
        }
    }

    private static JsonLines.Read read(String file) throws Failure {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException notAPath) {
            throw new Failure(file + ": not a file name (" + notAPath.getReason() + ")");
        }
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return JsonLines.read(in);
        } catch (NoSuchFileException missing) {
            throw new Failure(file + ": no such file");
        } catch (AccessDeniedException denied) {
            throw new Failure(file + ": not allowed to read it");
        } catch (CharacterCodingException notText) {
            throw new Failure(file + ": not UTF-8 text, so not a recording");
        } catch (IOException unreadable) {
            throw new Failure(file + ": cannot be read (" + unreadable + ")");
        } catch (IllegalArgumentException malformed) {
            throw new Failure(file + " " + malformed.getMessage());
        }
    }

    /** The settings the recording was made with: its header's, on top of the defaults. */
    private static BreakerConfig recorded(String file, JsonLines.Read recording) throws Failure {
        try {
            return Replayer.apply(BreakerConfig.defaults(), recording.settings());
        } catch (IllegalArgumentException invalid) {
            throw new Failure(file + " line 1 (the header's settings): " + invalid.getMessage());
        }
    }

    /** The live settings with each {@code --set}, each checked on its own and then together. */
    private static BreakerConfig candidate(BreakerConfig live, Map<String, String> settings) throws Failure {
        BreakerConfig.Builder builder = live.toBuilder();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            try {
                Settings.set(builder, setting.getKey(), setting.getValue());
            } catch (IllegalArgumentException invalid) {
                throw new Failure("--set " + setting.getKey() + "=" + setting.getValue() + ": " + invalid.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException invalid) {
            throw new Failure("the --set values together: " + invalid.getMessage());
        }
    }

    /** The command line, read. */
    private static final class Arguments {

        String file = "";
        String experiment = DEFAULT_EXPERIMENT;
        final Map<String, String> settings = new LinkedHashMap<>();
        boolean help;

        static Arguments parse(String[] args) throws Failure {
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    parsed.help = true;
                    return parsed;
                }
                if (arg.equals("--set") || arg.startsWith("--set=")) {
                    String setting = arg.equals("--set") ? value(args, ++i, "--set", "name=value") : arg.substring(6);
                    int equals = setting.indexOf('=');
                    if (equals <= 0) {
                        throw new Failure("--set " + setting + ": expected name=value, e.g. --set "
                                + "failure-rate-threshold=20");
                    }
                    parsed.settings.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                } else if (arg.equals("--experiment") || arg.startsWith("--experiment=")) {
                    parsed.experiment = arg.equals("--experiment") ? value(args, ++i, "--experiment", "a name")
                            : arg.substring(13);
                } else if (arg.startsWith("-") && !arg.equals("-")) {
                    throw new Failure("unknown option " + arg + "; " + USAGE);
                } else if (!parsed.file.isEmpty()) {
                    throw new Failure("one recording expected, got " + parsed.file + " and " + arg + "; " + USAGE);
                } else {
                    parsed.file = arg;
                }
            }
            if (parsed.file.isEmpty()) {
                throw new Failure("no recording given; " + USAGE);
            }
            if (parsed.settings.isEmpty()) {
                throw new Failure("nothing to compare: give the candidate's changes with --set name=value; " + USAGE);
            }
            if (parsed.experiment.isBlank() || parsed.experiment.equals(Experiments.LIVE)) {
                throw new Failure("--experiment " + parsed.experiment + ": the experiment needs a name other than '"
                        + Experiments.LIVE + "', the baseline's");
            }
            return parsed;
        }

        private static String value(String[] args, int i, String option, String what) throws Failure {
            if (i >= args.length) {
                throw new Failure(option + " needs " + what + " after it; " + USAGE);
            }
            return args[i];
        }
    }

    /** A culprit to name in one line, without a stack trace. */
    private static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
