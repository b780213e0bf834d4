package dev.breaker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("30", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 120 ", now)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsAnHttpDateAsTheWaitUntilThen() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(inTwoMinutes, now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void asksForNoWaitWhenAbsentMalformedZeroOrPast() {
        assertThat(RetryAfter.parse(null, now)).isNull();
        assertThat(RetryAfter.parse("", now)).isNull();
        assertThat(RetryAfter.parse("0", now)).isNull();
        assertThat(RetryAfter.parse("-5", now)).isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:59:00 GMT", now)).isNull();
    }

    @Test
    void capsAnAbsurdNumberInsteadOfOverflowing() {
        assertThat(RetryAfter.parse("99999999999999999999", now)).isGreaterThan(Duration.ofDays(365));
    }
}
