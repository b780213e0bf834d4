package dev.breaker.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait {@code header} asks for from {@code now}, or {@code null} when it asks for none: absent,
     * malformed, zero, or a date already past.
     */
    static @Nullable Duration parse(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            // A number too large to be meant is a wait longer than any breaker keeps: cap it, don't ignore it.
            long seconds = value.length() > 12 ? Long.MAX_VALUE / 1_000_000_000L : Long.parseLong(value);
            return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, Long.MAX_VALUE / 1_000_000_000L)) : null;
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() || wait.isZero() ? null : wait;
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }
}
