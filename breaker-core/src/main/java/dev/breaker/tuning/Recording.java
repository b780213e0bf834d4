package dev.breaker.tuning;

import dev.breaker.Breaker;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * A bounded ring of a live breaker's outcomes and state changes, oldest dropped first, kept in primitive arrays:
 * recording allocates nothing per call.
 *
 * <p>Exported as JSON lines ({@link #writeJsonLines}): a first line describing the breaker and its settings,
 * <pre>{"breaker":"payment","settings":{"failure-rate-threshold":"50.0",...},"dropped":0}</pre>
 * then one line per event, oldest first:
 * <pre>{"time":"2026-12-01T10:15:30.123456789Z","call":"FAILURE","durationMs":12.5}
 * {"time":"2026-12-01T10:15:31Z","state":"OPEN"}</pre>
 * which {@link #readJsonLines} and {@link ReplayCommand} read back.
 */
public final class Recording implements AutoCloseable {

    /** The most events a recording keeps. */
    public static final int MAX_EVENTS = 10_000_000;

    private Recording() {
    }

    /**
     * Starts recording {@code live}'s outcomes and state changes.
     *
     * @param maxEvents how many events to keep, between 1 and {@value #MAX_EVENTS}
     * @throws IllegalArgumentException naming {@code max-events} and the accepted range otherwise
     */
    public static Recording attach(Breaker live, int maxEvents) {
        throw new UnsupportedOperationException("API stub");
    }

    /** Events kept now. */
    public int size() {
        throw new UnsupportedOperationException("API stub");
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        throw new UnsupportedOperationException("API stub");
    }

    /** The events kept, oldest first (a copy). */
    public List<RecordedEvent> events() {
        throw new UnsupportedOperationException("API stub");
    }

    /** Writes the header line and every event kept, oldest first, one JSON object per line. */
    public void writeJsonLines(Appendable out) throws IOException {
        throw new UnsupportedOperationException("API stub");
    }

    /** Stops recording; what was recorded stays readable. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("API stub");
    }

    /**
     * Reads a recording written by {@link #writeJsonLines}.
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line number and what was expected, for a malformed line
     */
    public static Trace readJsonLines(Reader in) throws IOException {
        throw new UnsupportedOperationException("API stub");
    }

    /**
     * A recording read back: the breaker's name and settings as recorded (by their configuration-file names,
     * see {@link dev.breaker.BreakerConfig#settings()}) and its events, oldest first.
     */
    public record Trace(String breaker, java.util.Map<String, String> settings, List<RecordedEvent> events) {

        public Trace {
            settings = java.util.Map.copyOf(settings);
            events = List.copyOf(events);
        }
    }
}
