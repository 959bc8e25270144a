package org.raftlite.db;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Set;

/**
 * Values of DATE, DATETIME and TIMESTAMP columns as rqlite's Go driver returns them: text parsed with SQLite's
 * timestamp layouts, integers as Unix seconds (milliseconds when too large for seconds), all rendered RFC3339 in UTC.
 * Text that matches no layout becomes Go's zero time, as in the driver.
 */
final class TimeValues {

    static final Set<String> TIME_TYPES = Set.of("date", "datetime", "timestamp");
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final List<DateTimeFormatter> WITH_OFFSET = List.of(layout(" ", true), layout("T", true));
    private static final List<DateTimeFormatter> LOCAL = List.of(layout(" ", false), layout("T", false),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));

    /** {@code 2006-01-02 15:04:05.999999999-07:00} and its relatives: optional fraction of any length. */
    private static DateTimeFormatter layout(String separator, boolean offset) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder()
                .appendPattern("yyyy-MM-dd'" + separator + "'HH:mm:ss")
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd();
        if (offset) {
            b.appendPattern("XXX");
        }
        return b.toFormatter();
    }

    private TimeValues() {
    }

    static String fromText(String text) {
        String s = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        for (DateTimeFormatter f : WITH_OFFSET) {
            try {
                return rfc3339(OffsetDateTime.parse(s, f).toInstant());
            } catch (DateTimeParseException ignored) {
                // try the next layout
            }
        }
        for (DateTimeFormatter f : LOCAL) {
            try {
                return rfc3339(LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException ignored) {
                // try the next layout
            }
        }
        try {
            return rfc3339(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return ZERO_TIME;
        }
    }

    static String fromInteger(long value) {
        Instant instant = (value > 1_000_000_000_000L || value < -1_000_000_000_000L)
                ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return rfc3339(instant);
    }

    /** Go's RFC3339Nano: fraction digits only as many as needed, none for whole seconds. */
    private static String rfc3339(Instant instant) {
        String s = DateTimeFormatter.ISO_INSTANT.format(instant);
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        String fraction = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
        return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }
}
