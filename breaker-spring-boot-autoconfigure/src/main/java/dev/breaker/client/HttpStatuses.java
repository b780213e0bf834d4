package dev.breaker.client;

import java.util.List;
import java.util.Locale;

/**
 * A set of HTTP status codes written as classes ({@code 5xx}, {@code 4xx}) and single codes ({@code 429}).
 * Looked up by an array index: no allocation on the call path.
 */
public final class HttpStatuses {

    /** What {@link #parse} accepts, for error messages. */
    public static final String ACCEPTED = "a status class (1xx to 5xx) or a status code from 100 to 599, e.g. 5xx or 429";

    private final boolean[] codes = new boolean[600];
    private final List<String> written;

    private HttpStatuses(List<String> written) {
        this.written = List.copyOf(written);
    }

    /**
     * Parses the patterns; an empty list makes no status a failure.
     *
     * @throws InvalidHttpSettingException naming the index of a pattern that is neither a class nor a code
     */
    public static HttpStatuses parse(List<String> patterns) {
        HttpStatuses statuses = new HttpStatuses(patterns);
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i) == null ? "" : patterns.get(i).trim().toLowerCase(Locale.ROOT);
            if (pattern.matches("[1-5]xx")) {
                int first = (pattern.charAt(0) - '0') * 100;
                for (int code = first; code < first + 100; code++) {
                    statuses.codes[code] = true;
                }
            } else if (pattern.matches("[1-5][0-9][0-9]")) {
                statuses.codes[Integer.parseInt(pattern)] = true;
            } else {
                throw new InvalidHttpSettingException("[" + i + "]", "'" + patterns.get(i) + "'", ACCEPTED);
            }
        }
        return statuses;
    }

    /** Whether {@code status} is in the set; codes outside 100-599 never are. */
    public boolean contains(int status) {
        return status >= 0 && status < codes.length && codes[status];
    }

    @Override
    public String toString() {
        return written.toString();
    }
}
