package dev.breaker.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breaker.Breaker;
import dev.breaker.BreakerConfig;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.ManualClock;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Recording}: a bounded ring of a live breaker's events, exported and read back as JSON lines. */
class RecordingTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final Breaker live = Breaker.of("payment", BreakerConfig.builder().clock(clock).scheduler(clock)
            .ignoreExceptions(IllegalArgumentException.class).recordExceptions(IllegalStateException.class).build());

    private void call(CallOutcome outcome, long micros) {
        if (!live.tryAcquirePermission()) {
            return;
        }
        switch (outcome) {
            case SUCCESS -> live.onSuccess(micros, TimeUnit.MICROSECONDS);
            case FAILURE -> live.onError(micros, TimeUnit.MICROSECONDS, new IllegalStateException("down"));
            default -> live.onError(micros, TimeUnit.MICROSECONDS, new IllegalArgumentException("bad request"));
        }
    }

    @Test
    void recordsTheStateItStartsInThenEachOutcomeAndStateWithItsTimeAndDuration() {
        Recording recording = Recording.attach(live, 100);
        clock.advanceMillis(10);
        call(CallOutcome.SUCCESS, 2_000);
        clock.advanceMillis(10);
        call(CallOutcome.FAILURE, 12_500);
        call(CallOutcome.IGNORED, 1);
        live.transitionToForcedOpenState();
        clock.advanceMillis(5);
        call(CallOutcome.SUCCESS, 0); // rejected

        assertThat(recording.events()).containsExactly(
                RecordedEvent.state(START, BreakerState.CLOSED),
                RecordedEvent.call(START.plusMillis(10), CallOutcome.SUCCESS, Duration.ofMillis(2)),
                RecordedEvent.call(START.plusMillis(20), CallOutcome.FAILURE, micros(12_500)),
                RecordedEvent.call(START.plusMillis(20), CallOutcome.IGNORED, Duration.ofNanos(1_000)),
                RecordedEvent.state(START.plusMillis(20), BreakerState.FORCED_OPEN),
                RecordedEvent.call(START.plusMillis(25), CallOutcome.NOT_PERMITTED, Duration.ZERO));
        assertThat(recording.size()).isEqualTo(6);
        assertThat(recording.dropped()).isZero();
    }

    @Test
    void keepsTheNewestEventsAndCountsTheOnesDropped() {
        Recording recording = Recording.attach(live, 10);
        for (int i = 1; i <= 25; i++) {
            clock.advanceMillis(1);
            call(CallOutcome.SUCCESS, i);
        }

        assertThat(recording.size()).isEqualTo(10);
        assertThat(recording.dropped()).isEqualTo(16); // the first state and 15 calls
        assertThat(recording.events()).extracting(RecordedEvent::duration)
                .containsExactly(micros(16), micros(17), micros(18), micros(19), micros(20), micros(21), micros(22),
                        micros(23), micros(24), micros(25));
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    @Test
    void writesJsonLinesThatReadBackToTheSameEvents() throws IOException {
        Recording recording = Recording.attach(live, 4);
        clock.advanceMillis(1_500);
        call(CallOutcome.SUCCESS, 12_500);
        call(CallOutcome.FAILURE, 1);
        live.transitionToForcedOpenState();
        clock.advance(Duration.ofNanos(123_456_789));
        call(CallOutcome.SUCCESS, 0);
        StringBuilder out = new StringBuilder();
        recording.writeJsonLines(out);

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("{\"breaker\":\"payment\",\"settings\":{\"sliding-window-type\":\"COUNT_BASED\","
                + "\"sliding-window-size\":\"100\",").contains("\"failure-rate-threshold\":\"50\"",
                        "\"record-exceptions\":\"java.lang.IllegalStateException\"")
                .endsWith("\"success-threshold-in-half-open-state\":\"0\"},\"dropped\":1}");
        assertThat(lines).endsWith(
                "{\"time\":\"2025-01-01T00:00:01.500Z\",\"call\":\"SUCCESS\",\"durationMs\":12.5}",
                "{\"time\":\"2025-01-01T00:00:01.500Z\",\"call\":\"FAILURE\",\"durationMs\":0.001}",
                "{\"time\":\"2025-01-01T00:00:01.500Z\",\"state\":\"FORCED_OPEN\"}",
                "{\"time\":\"2025-01-01T00:00:01.623456789Z\",\"call\":\"NOT_PERMITTED\",\"durationMs\":0}");

        Recording.Trace trace = Recording.readJsonLines(new StringReader(out.toString()));
        assertThat(trace.breaker()).isEqualTo("payment");
        assertThat(trace.events()).isEqualTo(recording.events());
        assertThat(trace.settings()).containsEntry("failure-rate-threshold", "50")
                .doesNotContainKeys("record-exceptions", "ignore-exceptions");
        assertThat(JsonLines.read(new StringReader(out.toString())).dropped()).isEqualTo(recording.dropped())
                .isEqualTo(1);
    }

    @Test
    void readsAHandWrittenRecording() throws IOException {
        String text = """
                { "breaker": "pay\\"ment", "settings": {"failure-rate-threshold": 20, \
                "automatic-transition-to-half-open": true, "open-wait": "x", "shared": "true"}, \
                "extra": [1, {"a": null}] }

                {"time":"2026-12-01T10:15:30.123456789Z","call":"FAILURE","durationMs":12.5}
                {"time":"2026-12-01T10:15:31Z","state":"OPEN","note":"ignored"}
                {"time":"2026-12-01T10:15:32Z","call":"NOT_PERMITTED"}
                """;
        Recording.Trace trace = Recording.readJsonLines(new StringReader(text));

        assertThat(trace.breaker()).isEqualTo("pay\"ment");
        assertThat(trace.settings()).containsOnlyKeys("failure-rate-threshold", "automatic-transition-to-half-open")
                .containsEntry("failure-rate-threshold", "20");
        assertThat(trace.events()).containsExactly(
                RecordedEvent.call(Instant.parse("2026-12-01T10:15:30.123456789Z"), CallOutcome.FAILURE,
                        Duration.ofMillis(12).plusNanos(500_000)),
                RecordedEvent.state(Instant.parse("2026-12-01T10:15:31Z"), BreakerState.OPEN),
                RecordedEvent.call(Instant.parse("2026-12-01T10:15:32Z"), CallOutcome.NOT_PERMITTED, Duration.ZERO));
    }

    @Test
    void aMalformedLineIsNamedByItsNumberWithWhatWasExpected() {
        String header = "{\"breaker\":\"payment\",\"settings\":{}}\n";
        String good = "{\"time\":\"2025-01-01T00:00:00Z\",\"call\":\"SUCCESS\",\"durationMs\":1}\n";
        assertMalformed(header + good + "\n{\"time\":\"2025-01-01T00:00:00Z\",\"call\":\"SUCESS\"}\n",
                "line 4: expected \"call\" to be one of [SUCCESS, FAILURE, IGNORED, NOT_PERMITTED], was \"SUCESS\"");
        assertMalformed(header + good + "{\"time\":\"yesterday\",\"state\":\"OPEN\"}",
                "line 3: expected \"time\" to be an instant such as 2026-12-01T10:15:30.5Z, was yesterday");
        assertMalformed(header + "{\"time\":\"2025-01-01T00:00:00Z\"}",
                "line 2: expected an event with either \"call\" or \"state\", found neither");
        assertMalformed(header + "{\"time\":\"2025-01-01T00:00:00Z\",\"call\":\"SUCCESS\",\"state\":\"OPEN\"}",
                "line 2: expected an event with either \"call\" or \"state\", not both");
        assertMalformed(header + "{\"time\":\"2025-01-01T00:00:00Z\",\"call\":\"SUCCESS\",\"durationMs\":-1}",
                "line 2: expected \"durationMs\" to be a number of milliseconds >= 0, was -1");
        assertMalformed(header + good + good + "{\"time\":\"2025-01-01T00:00:00Z\",\"call\":\"SUCCESS\"",
                "line 4: expected ',' or '}' at column 48");
        assertMalformed(header + "time=now", "line 2: expected a JSON object, {...} at column 1");
        assertMalformed(good, "line 1: expected the header {\"breaker\":\"...\",\"settings\":{...},\"dropped\":0} first,"
                + " but there was no \"breaker\"");
        assertMalformed("{\"breaker\":\"payment\"}", "line 1: expected the header");
        assertMalformed("{\"breaker\":\"payment\",\"settings\":{},\"dropped\":-2}", "line 1: expected \"dropped\"");
        assertMalformed("\n\n", "line 1: expected the header");
    }

    private static void assertMalformed(String text, String message) {
        assertThatThrownBy(() -> Recording.readJsonLines(new StringReader(text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void maxEventsMustBeBetweenOneAndTenMillion() {
        assertThatThrownBy(() -> Recording.attach(live, 0))
                .isInstanceOf(InvalidBreakerConfigException.class)
                .hasMessage("max-events was 0, but it must be between 1 and 10000000");
        assertThatThrownBy(() -> Recording.attach(live, Recording.MAX_EVENTS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-events");
    }

    @Test
    void closingStopsRecordingAndKeepsWhatWasRecorded() {
        Recording recording = Recording.attach(live, 10);
        call(CallOutcome.SUCCESS, 1);
        recording.close();
        call(CallOutcome.SUCCESS, 1);

        assertThat(recording.size()).isEqualTo(2);
        assertThat(recording.toString()).isEqualTo("Recording[payment, 2 events, 0 dropped]");
    }

    @Test
    void threadsRecordingAtOnceLoseNothingButWhatTheRingDrops() throws InterruptedException {
        Breaker busy = Breaker.ofDefaults("busy");
        Recording recording = Recording.attach(busy, 1_000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long duration = t + 1;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    busy.onSuccess(duration, TimeUnit.MILLISECONDS);
                }
            }));
        }
        threads.forEach(Thread::start);
        List<RecordedEvent> seenWhileWriting = recording.events();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(seenWhileWriting).allSatisfy(event -> assertThat(event.duration()).isBetween(Duration.ZERO,
                Duration.ofMillis(4)));
        assertThat(recording.size()).isEqualTo(1_000);
        assertThat(recording.dropped()).isEqualTo(200_001 - 1_000);
        assertThat(recording.events()).hasSize(1_000).allSatisfy(event -> {
            assertThat(event.outcome()).isEqualTo(CallOutcome.SUCCESS);
            assertThat(event.duration().toMillis()).isBetween(1L, 4L);
        });
    }
}
