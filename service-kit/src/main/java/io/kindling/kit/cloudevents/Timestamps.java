package io.kindling.kit.cloudevents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;

/**
 * RFC 3339 timestamps as events carry them ({@code ce_time}, every {@code Instant} of a payload), read without
 * java.time's formatter: it took microseconds a value, several values an event, and was a tenth of a consumer's
 * time under load. The common form ({@code 2026-12-05T08:51:20.846123Z}, or with a {@code +hh:mm} offset) is read
 * here; anything else goes to {@link OffsetDateTime#parse}, which reads it or throws its usual error.
 */
public final class Timestamps {

    private static final int SECONDS_PER_DAY = 86_400;

    private Timestamps() {
    }

    /**
     * @throws java.time.format.DateTimeParseException when {@code text} is not an RFC 3339 date-time with an offset
     */
    public static Instant parse(String text) {
        Instant read = readCommon(text);
        return read != null ? read : OffsetDateTime.parse(text).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)}, or {@code null} for anything else. */
    static Instant readCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(s, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset = offsetSeconds(s, i);
        if (offset == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offset;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The offset that ends {@code s} at {@code i}, in seconds, or {@link Integer#MIN_VALUE} when it is not one. */
    private static int offsetSeconds(String s, int i) {
        int n = s.length();
        char c = i < n ? s.charAt(i) : 0;
        if ((c == 'Z' || c == 'z') && i == n - 1) {
            return 0;
        }
        if ((c == '+' || c == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59 || hours == 18 && minutes > 0) {
                return Integer.MIN_VALUE;
            }
            int seconds = hours * 3600 + minutes * 60;
            return c == '-' ? -seconds : seconds;
        }
        return Integer.MIN_VALUE;
    }

    /** The number the {@code count} characters from {@code from} spell, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
