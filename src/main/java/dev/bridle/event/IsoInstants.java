package dev.bridle.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads and writes the instants of stored events. Every event carries one, written as {@link Instant#toString()}
 * writes it ({@code 2026-12-02T10:15:30.123456789Z}); parsing that with a {@code DateTimeFormatter} was more than half
 * the time of reading events back, so the usual shape is read digit by digit and anything else as before. Writing it
 * with the formatter was a tenth of the store's writer thread; {@link #write} gives the same text from the date and
 * time of the last second it wrote (the events of a run come many to a second).
 */
final class IsoInstants {

    /** The last second written and its text up to the seconds ({@code yyyy-MM-ddTHH:mm:ss}). */
    private record Second(long epochSecond, String text) {}

    // Read and written by several threads without a lock: a record's fields are final, so a thread sees either the
    // old whole second or the new one, and both are right for their own epochSecond.
    private static Second last = new Second(Long.MIN_VALUE, "");

    /** Years with four digits and no sign: {@code 0000-01-01T00:00:00Z} to {@code 9999-12-31T23:59:59Z}. */
    private static final long FIRST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private IsoInstants() {}

    /** {@code t} exactly as {@link Instant#toString()} writes it. */
    static String write(Instant t) {
        long second = t.getEpochSecond();
        if (second < FIRST_SECOND || second > LAST_SECOND) {
            return t.toString(); // signed or five-digit years: rare, and the formatter knows their rules
        }
        Second s = last;
        if (s.epochSecond() != second) {
            LocalDateTime d = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            char[] c = new char[19];
            put(c, 0, d.getYear(), 4);
            c[4] = '-';
            put(c, 5, d.getMonthValue(), 2);
            c[7] = '-';
            put(c, 8, d.getDayOfMonth(), 2);
            c[10] = 'T';
            put(c, 11, d.getHour(), 2);
            c[13] = ':';
            put(c, 14, d.getMinute(), 2);
            c[16] = ':';
            put(c, 17, d.getSecond(), 2);
            s = new Second(second, new String(c));
            last = s;
        }
        int nano = t.getNano();
        if (nano == 0) {
            return s.text() + 'Z';
        }
        // As ISO_INSTANT: the fraction in groups of three digits, as many groups as it needs.
        int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
        char[] f = new char[digits + 2];
        f[0] = '.';
        put(f, 1, value, digits);
        f[digits + 1] = 'Z';
        return s.text().concat(new String(f));
    }

    /** Writes {@code value} as {@code width} decimal digits, with leading zeros, into {@code c} from {@code at}. */
    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The instant {@code text} names when it has the shape {@link Instant#toString()} gives a year from 0000 to 9999
     * ({@code yyyy-MM-ddTHH:mm:ss}, then {@code .} and 1 to 9 digits or nothing, then {@code Z}) and is a real date
     * and time; else {@code null}, for the formatter to read (or reject with its own words).
     */
    static Instant usual(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || (n > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            nanos = digits(text, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null; // leap seconds and odd digits
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number the ASCII digits {@code text[from, to)} spell, or -1 when one of them is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The deserializer {@link EventJson} reads instants with: the usual shape here, anything else (other shapes,
     * numbers of seconds, empty text) as the time module's own deserializer reads it.
     */
    static final class Deserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant t = usual(p.getText());
                if (t != null) {
                    return t;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    /** The serializer {@link EventJson} writes instants with: {@link #write}, the text of {@link Instant#toString()}. */
    static final class Serializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(write(value));
        }
    }
}
