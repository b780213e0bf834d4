package dev.breaker.tuning;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Just enough JSON for a recording's lines, so that the core needs no JSON library: strings written with their
 * escapes, and one line read into maps, lists, strings, {@link BigDecimal}s, booleans and nulls.
 */
final class Json {

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Reads {@code line} as one JSON object.
     *
     * @throws IllegalArgumentException saying what was expected at which column
     */
    static Map<String, @Nullable Object> object(String line) {
        Json json = new Json(line);
        json.skipSpace();
        if (!json.peek('{')) {
            throw json.expected("a JSON object, {...}");
        }
        Map<String, @Nullable Object> object = json.readObject();
        json.skipSpace();
        if (json.at < line.length()) {
            throw json.expected("the end of the line after the object");
        }
        return object;
    }

    /** Appends {@code value} as a JSON string, quotes and escapes included. */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private @Nullable Object readValue() {
        skipSpace();
        if (at >= text.length()) {
            throw expected("a value");
        }
        char c = text.charAt(at);
        if (c == '{') {
            return readObject();
        }
        if (c == '[') {
            return readArray();
        }
        if (c == '"') {
            return readString();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return readNumber();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        throw expected("a value (a string, number, object, array, true, false or null)");
    }

    private Map<String, @Nullable Object> readObject() {
        at++; // {
        Map<String, @Nullable Object> object = new LinkedHashMap<>();
        skipSpace();
        if (peek('}')) {
            at++;
            return object;
        }
        for (;;) {
            skipSpace();
            if (!peek('"')) {
                throw expected("a member name in quotes");
            }
            String name = readString();
            skipSpace();
            if (!peek(':')) {
                throw expected("':' after \"" + name + "\"");
            }
            at++;
            object.put(name, readValue());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (peek('}')) {
                at++;
                return object;
            } else {
                throw expected("',' or '}'");
            }
        }
    }

    private List<@Nullable Object> readArray() {
        at++; // [
        List<@Nullable Object> array = new ArrayList<>();
        skipSpace();
        if (peek(']')) {
            at++;
            return array;
        }
        for (;;) {
            array.add(readValue());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (peek(']')) {
                at++;
                return array;
            } else {
                throw expected("',' or ']'");
            }
        }
    }

    private String readString() {
        at++; // "
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw expected("four hex digits after \\u");
                    }
                    try {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException notHex) {
                        throw expected("four hex digits after \\u");
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw expected("an escape (\\\", \\\\, \\n, \\uXXXX, ...)");
                }
            }
        }
        throw expected("the closing quote of a string");
    }

    private BigDecimal readNumber() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            return new BigDecimal(text.substring(start, at));
        } catch (NumberFormatException notANumber) {
            at = start;
            throw expected("a number");
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException expected(String what) {
        return new IllegalArgumentException("expected " + what + " at column " + (at + 1));
    }
}
