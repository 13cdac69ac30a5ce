package dev.bridle.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events one at a time from a stream (the upstream's), without buffering more than one event:
 * {@code event:} names it, {@code data:} lines are joined with newlines, a blank line ends it; lines end with LF,
 * CRLF or CR, and comment lines are skipped, as the SSE standard reads them. Also reads NDJSON, one line at a time.
 *
 * <p>What the doors write to the client is never these bytes: each event is parsed and written anew by
 * {@link #write}, one {@code data:} line of compact JSON, so the client's parser, however lax or strict, reads exactly
 * what the gateway judged. A failure to read is a {@link BrokenStream}.
 */
final class SseReader implements AutoCloseable {

    /** One server-sent event: its name (empty when unnamed) and its data. */
    record Event(String name, String data) {}

    private final BufferedReader in;
    /** The stream read, to tell its silence limit when an event is whole. */
    private final InputStream raw;

    SseReader(InputStream in) {
        this.raw = in;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
        // Comments and blank lines reach no client: only a whole event is the upstream speaking (rule
        // gateway.upstream-timeout), so keep-alives alone cannot hold a session whose client hung up.
        SilenceLimit.eventsOnly(in);
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        try {
            Event e = read();
            if (e != null) {
                SilenceLimit.heard(raw);
            }
            return e;
        } catch (BrokenStream e) {
            throw e;
        } catch (IOException e) {
            throw new BrokenStream("the upstream's stream broke off: " + e.getMessage(), e);
        }
    }

    private Event read() throws IOException {
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
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    SilenceLimit.heard(raw);
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new BrokenStream("the upstream's stream broke off: " + e.getMessage(), e);
        }
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
