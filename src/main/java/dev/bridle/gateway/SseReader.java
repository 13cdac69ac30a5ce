package dev.bridle.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events one at a time from a stream (the upstream's), without buffering more than one event:
 * {@code event:} names it, {@code data:} lines are joined with newlines, a blank line ends it. Also reads NDJSON,
 * one line at a time.
 */
final class SseReader implements AutoCloseable {

    /** One server-sent event: its name (empty when unnamed) and its data. */
    record Event(String name, String data) {}

    private final BufferedReader in;

    SseReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = "";
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString());
                }
                name = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? null : new Event(name, data.toString());
    }

    /** The next non-blank line (NDJSON), or null at the end. */
    String line() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** An event as written to a client: {@code event:} when named, then its data, then a blank line. */
    static byte[] write(String name, String data) {
        StringBuilder out = new StringBuilder(data.length() + 32);
        if (!name.isEmpty()) {
            out.append("event: ").append(name).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
