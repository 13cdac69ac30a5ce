package dev.bridle.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants of stored events. Every event carries one, written as {@link Instant#toString()} writes it
 * ({@code 2026-12-02T10:15:30.123456789Z}); parsing that with a {@code DateTimeFormatter} was more than half the time
 * of reading events back, so the usual shape is read digit by digit and anything else as before.
 */
final class IsoInstants {

    private IsoInstants() {}

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
}
