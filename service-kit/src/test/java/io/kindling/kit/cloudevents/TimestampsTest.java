package io.kindling.kit.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Timestamps reads what {@link OffsetDateTime#parse} reads, to the same instant, and refuses what it refuses. */
class TimestampsTest {

    @Test
    void generatedTimestampsReadAsJavaTimeReadsThem() {
        Random random = new Random(20261205);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(1_000_000_000));
            ZoneOffset offset = random.nextBoolean() ? ZoneOffset.UTC
                    : ZoneOffset.ofTotalSeconds(60 * random.nextInt(-18 * 60, 18 * 60 + 1));
            int digits = random.nextInt(10);
            String pattern = "uuuu-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits)) + "XXX";
            String text = instant.atOffset(offset).format(DateTimeFormatter.ofPattern(pattern));
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05T08:51:20Z", "2026-12-05T08:51:20.846Z", "2026-12-05t08:51:20.1z",
        "2026-12-05T08:51:20.123456789+01:30", "2026-12-05T08:51:20-00:00", "2024-02-29T23:59:59.999999999-18:00",
        "0000-01-01T00:00:00+18:00", "9999-12-31T23:59:59Z", "+1000000000-12-31T23:59:59.999999999Z", "2026-12-05T08:51Z",
        "+12026-12-05T08:51:20Z", "2026-12-05T08:51:20+0100", "2026-12-05T08:51:20.Z"})
    void theSameInstantAsJavaTime(String text) {
        // the last four are not the common form: they go to java.time, which reads them or refuses them
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Timestamps.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-12-05", "2026-12-05T08:51:20", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-12-32T00:00:00Z", "2026-12-05T24:00:00Z", "2026-12-05T08:60:00Z",
        "2026-12-05T08:51:60Z", "2026-12-05T08:51:20.1234567890Z", "2026-12-05T08:51:20+19:00",
        "2026-12-05T08:51:20+18:01", "2026-12-05T08:51:20+01:60", "2026-12-05T08:51:20ZZ", "2026-12-05 08:51:20Z",
        "2026-1a-05T08:51:20Z", "2026-12-05T08:51:20.12a4Z", "2026-12-05T08:51:20+01:00 "})
    void whatJavaTimeRefusesIsRefused(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
