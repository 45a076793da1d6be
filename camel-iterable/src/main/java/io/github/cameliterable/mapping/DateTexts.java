package io.github.cameliterable.mapping;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;

/**
 * Dates and times as the text Iterable reads as a date: an instant as {@link IterableValues#DATE_TIME} writes it in
 * UTC ({@code 2024-03-05 14:07:09 +00:00}), a day as {@link IterableValues#DATE} does ({@code 2024-03-05}). Written
 * digit by digit for the years 1 to 9999, the same text as the formatters' (DateTextsTest compares them), which
 * took a fifth of a warehouse row's mapping for its one TIMESTAMP column (docs/performance.md, scenario 3); by the
 * formatters outside those years.
 */
final class DateTexts {
    private static final long FIRST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int SECONDS_A_DAY = 86_400;
    private static final byte[] UTC = " +00:00".getBytes(StandardCharsets.US_ASCII);

    private DateTexts() {
    }

    /** A date or time's text, or null when the value is none. */
    static String of(Object value) {
        // java.sql.Date and java.util.Date share a name, so both stay qualified
        if (value instanceof java.sql.Date d) {
            return date(d.toLocalDate());
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString(); // a time of day (SQL TIME), as a LocalTime is: 10:11:12
        }
        if (value instanceof Timestamp t) {
            return dateTime(t.toInstant().getEpochSecond());
        }
        if (value instanceof java.util.Date d) {
            return dateTime(Math.floorDiv(d.getTime(), 1000));
        }
        if (value instanceof Calendar c) {
            return dateTime(Math.floorDiv(c.getTimeInMillis(), 1000));
        }
        if (value instanceof Instant i) {
            return dateTime(i.getEpochSecond());
        }
        if (value instanceof OffsetDateTime o) {
            return dateTime(o.toEpochSecond());
        }
        if (value instanceof ZonedDateTime z) {
            return dateTime(z.toEpochSecond());
        }
        if (value instanceof LocalDateTime l) {
            // a timestamp without zone, as most warehouses return, is taken as UTC
            return dateTime(l.toEpochSecond(ZoneOffset.UTC));
        }
        if (value instanceof LocalDate l) {
            return date(l);
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return null;
    }

    /** The instant {@code epochSecond} seconds from 1970 in UTC, as {@link IterableValues#DATE_TIME} writes it. */
    static String dateTime(long epochSecond) {
        long day = Math.floorDiv(epochSecond, SECONDS_A_DAY);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return IterableValues.DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
        }
        int second = (int) Math.floorMod(epochSecond, SECONDS_A_DAY);
        byte[] text = new byte[19 + UTC.length];
        writeDate(text, LocalDate.ofEpochDay(day));
        text[10] = ' ';
        twoDigits(text, 11, second / 3600);
        text[13] = ':';
        twoDigits(text, 14, second / 60 % 60);
        text[16] = ':';
        twoDigits(text, 17, second % 60);
        System.arraycopy(UTC, 0, text, 19, UTC.length);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** The day as {@link IterableValues#DATE} writes it. */
    static String date(LocalDate day) {
        int year = day.getYear();
        if (year < 1 || year > 9999) {
            return day.format(IterableValues.DATE);
        }
        byte[] text = new byte[10];
        writeDate(text, day);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** {@code yyyy-MM-dd} at the start of {@code text}, for a year of four digits. */
    private static void writeDate(byte[] text, LocalDate day) {
        int year = day.getYear();
        twoDigits(text, 0, year / 100);
        twoDigits(text, 2, year % 100);
        text[4] = '-';
        twoDigits(text, 5, day.getMonthValue());
        text[7] = '-';
        twoDigits(text, 8, day.getDayOfMonth());
    }

    private static void twoDigits(byte[] text, int at, int value) {
        text[at] = (byte) ('0' + value / 10);
        text[at + 1] = (byte) ('0' + value % 10);
    }
}
