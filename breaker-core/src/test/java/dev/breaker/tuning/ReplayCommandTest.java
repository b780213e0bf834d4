package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReplayCommand}: a recording file and {@code --set} changes in, two reports and a verdict out. */
class ReplayCommandTest {

    @TempDir
    static Path dir;

    private static Path recording;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The outage of {@link ExperimentsTest}: 10 s healthy, 30 s down, 40 s healthy, at 200 calls a second. */
    @BeforeAll
    static void record() throws IOException {
        ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
        Breaker live = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
                .waitDurationInOpenState(Duration.ofSeconds(60)).build());
        Recording recorder = Recording.attach(live, 100_000);
        new Traffic(clock, live).healthy(2_000).outage(6_000).healthy(8_000);
        StringBuilder json = new StringBuilder();
        recorder.writeJsonLines(json);
        recording = dir.resolve("payment.jsonl");
        Files.writeString(recording, json);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsBothReportsSideBySideAndTheVerdict() {
        int status = run(recording.toString(), "--set", "failure-rate-threshold=20", "--experiment", "strict");

        assertThat(err()).isEmpty();
        assertThat(status).isZero();
        assertThat(out()).contains(
                "Recording of 'payment' (" + recording + "): 16004 events, 2025-01-01T00:00:00Z to "
                        + "2025-01-01T00:01:19.995Z",
                "Experiment 'strict': failure-rate-threshold=20",
                "                          live          strict",
                "calls judged              4001          4001",
                "would open                1             1",
                "time open                 1m            1m",
                "needless rejections       0             0",
                "failed calls kept away    0             30",
                "mean detection delay      245ms         95ms",
                "mean detection calls      50            20",
                "state at the end          CLOSED        CLOSED",
                "Judged 20s; blind 1m, while the live breaker rejected every call:",
                "  2025-01-01T00:00:10.245Z to 2025-01-01T00:01:10.245Z",
                "live:                     live settings: 4001 calls judged, opened 1 time, detection 245ms after 50 "
                        + "calls, 1m open",
                "strict:                   better: needless rejections as live (0), detection 95ms after 20 "
                        + "calls instead of 245ms after 50, 30 failed calls kept away instead of 0");
    }

    @Test
    void takesSeveralSettingsInEitherSpellingAndNamesTheExperimentCandidateByDefault() {
        assertThat(run("--set=failure-rate-threshold=80", recording.toString(), "--set",
                "wait-duration-in-open-state=PT15S")).isZero();
        assertThat(out()).contains("Experiment 'candidate': failure-rate-threshold=80, wait-duration-in-open-state=15s",
                "candidate:                worse: needless rejections as live (0), no detection where live took 245ms");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith(ReplayCommand.USAGE).contains("failure-rate-threshold");
    }

    private void assertFails(String message, String... args) {
        assertThat(run(args)).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("replay: " + message + System.lineSeparator());
    }

    private void assertFailsWith(String start, String... args) {
        assertThat(run(args)).isEqualTo(2);
        assertThat(err()).startsWith("replay: " + start).doesNotContain("Exception", "\tat ")
                .hasLineCount(1);
    }

    @Test
    void badArgumentsNameTheCulpritInOneLine() {
        assertFails("no recording given; " + ReplayCommand.USAGE);
        assertFailsWith("nothing to compare: give the candidate's changes with --set name=value", recording.toString());
    }

    @Test
    void anUnknownOrIncompleteOptionIsNamed() {
        assertFailsWith("unknown option --sett", recording.toString(), "--sett", "x=1");
        assertFailsWith("--set needs name=value after it", recording.toString(), "--set");
        assertFailsWith("--set 20: expected name=value", recording.toString(), "--set", "20");
        assertFailsWith("one recording expected, got " + recording + " and other.jsonl", recording.toString(),
                "other.jsonl", "--set", "failure-rate-threshold=20");
        assertFailsWith("--experiment live: the experiment needs a name other than 'live'", recording.toString(),
                "--set", "failure-rate-threshold=20", "--experiment", "live");
    }

    @Test
    void aBadSettingIsNamedWithWhatItAccepts() {
        assertFailsWith("--set failure-rate=20: failure-rate was 20, but it must be given under a setting's name, "
                + "which \"failure-rate\" is not (did you mean failure-rate-threshold?)",
                recording.toString(), "--set", "failure-rate=20");
    }

    @Test
    void aBadValueIsNamedWithWhatItAccepts() {
        assertFails("--set failure-rate-threshold=lots: failure-rate-threshold was lots, but it must be a percentage "
                + "in (0, 100]", recording.toString(), "--set", "failure-rate-threshold=lots");
    }

    @Test
    void settingsThatDoNotGoTogetherAreNamed() {
        assertFailsWith("the --set values together: max-wait-duration-in-open-state was PT1S, but it must be zero",
                recording.toString(), "--set", "max-wait-duration-in-open-state=1s");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.jsonl");
        assertFails(missing + ": no such file", missing.toString(), "--set", "failure-rate-threshold=20");
    }

    @Test
    void aMalformedLineIsNamedByFileAndLine() throws IOException {
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"breaker\":\"payment\",\"settings\":{}}\n{\"time\":\"2025-01-01T00:00:00Z\","
                + "\"call\":\"SUCCESS\"}\n{\"time\":\"soon\",\"call\":\"SUCCESS\"}\n");
        assertFails(broken + " line 3: expected \"time\" to be an instant such as 2026-12-01T10:15:30.5Z, was soon",
                broken.toString(), "--set", "failure-rate-threshold=20");
    }

    @Test
    void aBadSettingInTheHeaderIsNamed() throws IOException {
        Path odd = dir.resolve("odd.jsonl");
        Files.writeString(odd, "{\"breaker\":\"payment\",\"settings\":{\"minimum-number-of-calls\":\"many\"}}\n");
        assertFails(odd + " line 1 (the header's settings): minimum-number-of-calls was many, but it must be a whole "
                + "number", odd.toString(), "--set", "failure-rate-threshold=20");
    }

    @Test
    void aFileThatIsNotTextIsNamed() throws IOException {
        Path binary = dir.resolve("dump.bin");
        Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28, 0, 1});
        assertFails(binary + ": not UTF-8 text, so not a recording", binary.toString(), "--set",
                "failure-rate-threshold=20");
    }
}
