package io.github.cameliterable.mapping;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Random;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Dates and times written digit by digit are the formatters' text, for every kind of value and year. */
class DateTextsTest {
    private static final long FIRST = LocalDate.of(-3000, 1, 1).toEpochDay() * 86_400L;
    private static final long LAST = LocalDate.of(12_000, 1, 1).toEpochDay() * 86_400L;

    /** What the mapping wrote with the formatters before. */
    private static String formatted(Instant instant) {
        return IterableValues.DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Test
    void instantsOfEveryYearAreTheFormattersText() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            // every year from before the first to after the 9999th, and every second of a few days around the edges
            long second = i % 4 == 0 ? random.nextLong(FIRST, LAST)
                    : new long[]{LocalDate.of(1, 1, 1).toEpochDay() * 86_400L, LocalDate.of(9999, 12, 31).toEpochDay()
                            * 86_400L, 0, LocalDate.of(2024, 2, 28).toEpochDay() * 86_400L}[i % 4]
                            + random.nextLong(-2 * 86_400L, 2 * 86_400L);
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            String expected = formatted(instant);
            assertEquals(expected, DateTexts.dateTime(second), instant.toString());
            assertEquals(expected, DateTexts.of(instant));
            assertEquals(expected, DateTexts.of(instant.atOffset(ZoneOffset.ofHours(random.nextInt(-12, 15)))));
            assertEquals(expected, DateTexts.of(instant.atZone(ZoneId.of("Europe/Paris"))));
            assertEquals(expected, DateTexts.of(LocalDateTime.ofEpochSecond(second, instant.getNano(), ZoneOffset.UTC)));
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400));
            assertEquals(day.format(IterableValues.DATE), DateTexts.date(day));
            assertEquals(day.format(IterableValues.DATE), DateTexts.of(day));
        }
    }

    /** A driver's java.sql and java.util values, before and after 1970, in the JVM's zone as drivers make them. */
    @Test
    void driverValuesAreTheFormattersText() {
        TimeZone zone = TimeZone.getDefault();
        try {
            for (String id : new String[]{"UTC", "America/Los_Angeles", "Asia/Kolkata"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                for (String text : new String[]{"2024-03-05 14:07:09.5", "1969-12-31 23:59:59.999", "1900-01-01 00:00:00",
                        "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999999", "2024-02-29 00:00:00"}) {
                    Timestamp timestamp = Timestamp.valueOf(text);
                    assertEquals(formatted(timestamp.toInstant()), DateTexts.of(timestamp), text + " in " + id);
                    java.util.Date date = new java.util.Date(timestamp.getTime());
                    assertEquals(formatted(date.toInstant()), DateTexts.of(date), text + " in " + id);
                    Calendar calendar = new GregorianCalendar();
                    calendar.setTimeInMillis(timestamp.getTime());
                    assertEquals(formatted(calendar.toInstant()), DateTexts.of(calendar), text + " in " + id);
                    java.sql.Date day = java.sql.Date.valueOf(text.substring(0, 10));
                    assertEquals(day.toLocalDate().format(IterableValues.DATE), DateTexts.of(day), text + " in " + id);
                }
            }
        } finally {
            TimeZone.setDefault(zone);
        }
        assertEquals("10:11:12", DateTexts.of(java.sql.Time.valueOf("10:11:12")));
        assertEquals("2024-03", DateTexts.of(java.time.YearMonth.of(2024, 3)));
        assertEquals("2024-03-05 12:07:09 +00:00",
                DateTexts.of(ZonedDateTime.of(2024, 3, 5, 14, 7, 9, 0, ZoneId.of("Europe/Berlin")).plusHours(-1)));
        assertEquals("2024-03-04 23:07:09 +00:00", DateTexts.of(OffsetDateTime.parse("2024-03-05T01:07:09+02:00")));
        assertNull(DateTexts.of("2024-03-05"));
        assertNull(DateTexts.of(42));
    }
}
