package dev.breaker.internal;

import org.jspecify.annotations.Nullable;

/** What a breaker name may be: names end up in logs, metrics tags and URLs. */
final class BreakerNames {

    /** Longest breaker name. */
    static final int MAX_LENGTH = 200;

    private BreakerNames() {
    }

    /** Checks a breaker name: 1 to 200 characters, none of them control characters. */
    static String check(@Nullable String name) {
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            String shown = name == null ? "null"
                    : "'" + name.substring(0, Math.min(name.length(), 40)).replaceAll("\\p{Cntrl}", "?")
                            + (name.length() > 40 ? "...' (" + name.length() + " characters)" : "'");
            throw new IllegalArgumentException("Invalid breaker name " + shown + ": a name must be 1 to "
                    + MAX_LENGTH + " characters, not blank, without control characters");
        }
        return name;
    }
}
