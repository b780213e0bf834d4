package dev.breaker.tuning;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerListener;
import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import dev.breaker.InvalidBreakerConfigException;
import dev.breaker.StateTransition;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bounded ring of a live breaker's outcomes and state changes, oldest dropped first, kept in primitive arrays:
 * recording allocates nothing per call.
 *
 * <p>Call times are the breaker clock's recent time ({@link BreakerClock#recentNanoTime()}), so with the system
 * clock they are precise to about a millisecond; they become wall-clock times only on export.
 *
 * <p>Exported as JSON lines ({@link #writeJsonLines}): a first line describing the breaker and its settings,
 * <pre>{"breaker":"payment","settings":{"failure-rate-threshold":"50",...},"dropped":0}</pre>
 * then one line per event, oldest first:
 * <pre>{"time":"2026-12-01T10:15:30.123456789Z","call":"FAILURE","durationMs":12.5}
 * {"time":"2026-12-01T10:15:31Z","state":"OPEN"}</pre>
 * which {@link #readJsonLines} and {@link ReplayCommand} read back.
 */
public final class Recording implements AutoCloseable {

    /** The most events a recording keeps. */
    public static final int MAX_EVENTS = 10_000_000;

    private final Breaker live;
    private final EventRing ring;
    private final Clocks time;
    private final Listener listener;

    private Recording(Breaker live, int maxEvents) {
        this.live = live;
        this.ring = new EventRing(maxEvents);
        this.time = new Clocks(live.config().clock());
        this.listener = new Listener(ring, time.clock());
        ring.state(live.state(), time.clock().recentNanoTime());
        live.addListener(listener);
    }

    /**
     * Starts recording {@code live}'s outcomes and state changes. The first event is the state the breaker
     * enforces as the recording starts. It holds about 20 bytes per event (2 MB for 100,000 events).
     *
     * @param maxEvents how many events to keep, between 1 and {@value #MAX_EVENTS}
     * @throws IllegalArgumentException naming {@code max-events} and the accepted range otherwise
     */
    public static Recording attach(Breaker live, int maxEvents) {
        Objects.requireNonNull(live, "live");
        if (maxEvents < 1 || maxEvents > MAX_EVENTS) {
            throw new InvalidBreakerConfigException("max-events", maxEvents, "between 1 and " + MAX_EVENTS);
        }
        return new Recording(live, maxEvents);
    }

    /** Events kept now. */
    public int size() {
        return ring.size();
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return ring.dropped();
    }

    /** The events kept, oldest first (a copy). */
    public List<RecordedEvent> events() {
        List<RecordedEvent> events = new ArrayList<>(ring.size());
        ring.forEach(new EventRing.Visitor() {
            @Override
            public void call(CallOutcome outcome, long tick, long durationNanos) {
                events.add(RecordedEvent.call(time.instant(tick), outcome, Duration.ofNanos(durationNanos)));
            }

            @Override
            public void state(BreakerState state, long tick) {
                events.add(RecordedEvent.state(time.instant(tick), state));
            }
        });
        return events;
    }

    /**
     * Writes the header line and every event kept, oldest first, one JSON object per line. The header holds the
     * breaker's settings as they are now.
     */
    public void writeJsonLines(Appendable out) throws IOException {
        long dropped = ring.dropped();
        JsonLines.header(out, live.name(), Settings.of(live.config()), dropped);
        StringBuilder line = new StringBuilder(128);
        IOException[] failed = new IOException[1];
        ring.forEach(new EventRing.Visitor() {
            @Override
            public void call(CallOutcome outcome, long tick, long durationNanos) {
                JsonLines.call(line, time.instant(tick), outcome, durationNanos);
                flush();
            }

            @Override
            public void state(BreakerState state, long tick) {
                JsonLines.state(line, time.instant(tick), state);
                flush();
            }

            private void flush() {
                if (failed[0] == null) {
                    try {
                        out.append(line);
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }
                line.setLength(0);
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Stops recording; what was recorded stays readable. */
    @Override
    public void close() {
        live.removeListener(listener);
    }

    @Override
    public String toString() {
        return "Recording[" + live.name() + ", " + size() + " events, " + dropped() + " dropped]";
    }

    /**
     * Reads a recording written by {@link #writeJsonLines}. The header's {@code record-exceptions},
     * {@code ignore-exceptions}, {@code open-wait} and {@code shared} are skipped: outcomes were classified as they
     * were recorded, and functions and the fleet cannot be replayed. Other fields are ignored, and blank lines.
     *
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line number and what was expected, for a malformed line
     */
    public static Trace readJsonLines(Reader in) throws IOException {
        JsonLines.Read read = JsonLines.read(in);
        return new Trace(read.breaker(), read.settings(), read.events());
    }

    /** Adds the live breaker's outcomes and enforced states to the ring, on the thread that caused them. */
    private static final class Listener implements BreakerListener {

        private final EventRing ring;
        private final BreakerClock clock;

        Listener(EventRing ring, BreakerClock clock) {
            this.ring = ring;
            this.clock = clock;
        }

        @Override
        public boolean receivesCallOutcomes() {
            return true;
        }

        @Override
        public void onCall(Breaker breaker, CallOutcome outcome, boolean slow, long durationNanos,
                @Nullable Throwable error) {
            ring.call(outcome, clock.recentNanoTime(), durationNanos);
        }

        @Override
        public void onStateTransition(Breaker breaker, StateTransition transition) {
            ring.state(transition.to(), clock.recentNanoTime());
        }
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
