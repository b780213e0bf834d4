package dev.breaker.tuning;

import dev.breaker.BreakerState;
import dev.breaker.CallOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON lines of a {@link Recording}: a header line, then one line per event (see {@link Recording} for the
 * format). Reading tells the line number and what was expected for a line it cannot use.
 */
final class JsonLines {

    private static final long NANOS_PER_MILLI = 1_000_000;
    private static final String HEADER = "{\"breaker\":\"...\",\"settings\":{...},\"dropped\":0}";

    private JsonLines() {
    }

    /** A recording as read, with the count of events dropped before its first (which a {@link Recording.Trace} has not). */
    record Read(String breaker, Map<String, String> settings, long dropped, List<RecordedEvent> events) {
    }

    static void header(Appendable out, String breaker, Map<String, String> settings, long dropped) throws IOException {
        StringBuilder line = new StringBuilder(1024).append("{\"breaker\":");
        Json.string(line, breaker);
        line.append(",\"settings\":{");
        boolean first = true;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            line.append(first ? "" : ",");
            Json.string(line, setting.getKey());
            line.append(':');
            Json.string(line, setting.getValue());
            first = false;
        }
        out.append(line.append("},\"dropped\":").append(dropped).append("}\n"));
    }

    static void call(StringBuilder line, Instant time, CallOutcome outcome, long durationNanos) {
        line.append("{\"time\":\"").append(time).append("\",\"call\":\"").append(outcome.name())
                .append("\",\"durationMs\":").append(durationNanos / NANOS_PER_MILLI);
        long fraction = durationNanos % NANOS_PER_MILLI;
        if (fraction != 0) {
            String digits = Long.toString(NANOS_PER_MILLI + fraction).substring(1).replaceFirst("0+$", "");
            line.append('.').append(digits);
        }
        line.append("}\n");
    }

    static void state(StringBuilder line, Instant time, BreakerState state) {
        line.append("{\"time\":\"").append(time).append("\",\"state\":\"").append(state.name()).append("\"}\n");
    }

    /**
     * Reads a whole recording.
     *
     * @throws IllegalArgumentException naming the line number and what was expected, for a line it cannot use
     */
    static Read read(Reader in) throws IOException {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        String breaker = null;
        Map<String, String> settings = new LinkedHashMap<>();
        long dropped = 0;
        List<RecordedEvent> events = new ArrayList<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, @Nullable Object> object = Json.object(line);
                if (breaker == null) {
                    breaker = text(object, "breaker", "the header " + HEADER + " first");
                    dropped = dropped(object);
                    settings(object, settings);
                } else {
                    events.add(event(object));
                }
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("line " + number + ": " + malformed.getMessage(), malformed);
            }
        }
        if (breaker == null) {
            throw new IllegalArgumentException("line 1: expected the header " + HEADER + ", but the recording is empty");
        }
        return new Read(breaker, settings, dropped, events);
    }

    private static long dropped(Map<String, @Nullable Object> header) {
        Object dropped = header.get("dropped");
        if (dropped == null) {
            return 0;
        }
        if (!(dropped instanceof BigDecimal count) || count.signum() < 0 || count.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("expected \"dropped\" to be a count of events, was " + dropped);
        }
        return count.longValue();
    }

    /** The header's settings, but those no replay can use (see {@link Settings#NOT_REPLAYABLE}). */
    private static void settings(Map<String, @Nullable Object> header, Map<String, String> settings) {
        Object given = header.get("settings");
        if (!(given instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected the header " + HEADER + " with \"settings\" an object");
        }
        map.forEach((name, value) -> {
            if (Settings.NOT_REPLAYABLE.contains(name) || value == null) {
                return;
            }
            if (value instanceof BigDecimal number) {
                settings.put((String) name, number.toPlainString());
            } else if (value instanceof String || value instanceof Boolean) {
                settings.put((String) name, value.toString());
            } else {
                throw new IllegalArgumentException("expected setting \"" + name + "\" to be a string, was " + value);
            }
        });
    }

    private static RecordedEvent event(Map<String, @Nullable Object> object) {
        String text = text(object, "time", "\"time\" on each event");
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            throw new IllegalArgumentException("expected \"time\" to be an instant such as 2026-12-01T10:15:30.5Z, was "
                    + text);
        }
        boolean call = object.containsKey("call");
        if (call == object.containsKey("state")) {
            throw new IllegalArgumentException("expected an event with either \"call\" or \"state\", "
                    + (call ? "not both" : "found neither"));
        }
        if (!call) {
            return RecordedEvent.state(time, constant(BreakerState.class, object, "state"));
        }
        CallOutcome outcome = constant(CallOutcome.class, object, "call");
        Object duration = object.get("durationMs");
        if (duration == null) {
            return RecordedEvent.call(time, outcome, Duration.ZERO);
        }
        if (!(duration instanceof BigDecimal millis) || millis.signum() < 0) {
            throw new IllegalArgumentException("expected \"durationMs\" to be a number of milliseconds >= 0, was "
                    + duration);
        }
        try {
            return RecordedEvent.call(time, outcome, Duration.ofNanos(
                    millis.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("expected \"durationMs\" to be a duration, was " + duration);
        }
    }

    private static String text(Map<String, @Nullable Object> object, String name, String expected) {
        if (object.get(name) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("expected " + expected + (object.containsKey(name)
                ? ", but \"" + name + "\" was " + object.get(name) : ", but there was no \"" + name + "\""));
    }

    private static <E extends Enum<E>> E constant(Class<E> type, Map<String, @Nullable Object> object, String name) {
        String text = text(object, name, "\"" + name + "\" to be one of " + Arrays.toString(type.getEnumConstants()));
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException notOne) {
            throw new IllegalArgumentException("expected \"" + name + "\" to be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", was \"" + text + "\"");
        }
    }
}
