package dev.bridle.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A run as JSON Lines, the form the what-if replay reads: a header line describing the run, then one event per line
 * in sequence order, each the event's {@link EventJson} form with its {@code kind} added as the first field.
 */
final class RunTransfer {

    /** The header's {@code format}; raise it when a line's meaning changes, not when fields are added. */
    static final int FORMAT = 1;

    private static final int CHUNK = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunTransfer() {}

    static void export(Connection c, RunSummary run, int runNo, Writer out) throws SQLException, IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("bridle", "run");
        header.put("format", FORMAT);
        header.put("id", run.id());
        header.put("harness", run.harness());
        header.put("harnessDigest", run.harnessDigest());
        header.put("model", run.model());
        header.put("startedAt", run.startedAt().toString());
        header.put("endedAt", run.endedAt().map(Instant::toString).orElse(null));
        header.put("outcome", run.outcome().map(Outcome::word).orElse(null));
        header.put("reason", run.reason());
        header.put("rule", run.rule());
        header.put("steps", run.steps());
        out.write(JSON.writeValueAsString(header));
        out.write('\n');
        // The blocks hold the export's lines as they are; the scan reads them a few blocks at a time.
        try {
            BlockScan.scan(c, runNo, 0, Long.MAX_VALUE, BlockScan.Match.ALL, e -> {
                try {
                    out.write(e.line);
                    out.write('\n');
                    return true;
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    /** Reads a run and inserts it under its own id if {@code taken} says it is free, else under a new one. */
    static String importRun(Connection c, BufferedReader in, Dialect dialect, Predicate<String> taken,
            Supplier<String> newIds)
            throws SQLException, IOException {
        String first = in.readLine();
        if (first == null) {
            throw new StoreException("line 1: the file is empty, not a Bridle run", null);
        }
        JsonNode header = parse(first, 1);
        if (!"run".equals(header.path("bridle").asText()) || header.path("format").asInt(0) != FORMAT) {
            throw new StoreException("line 1: not a Bridle run header of format " + FORMAT
                    + " (expected {\"bridle\":\"run\",\"format\":" + FORMAT + ",…})", null);
        }
        String id = text(header, "id").filter(s -> !taken.test(s)).orElseGet(newIds);
        try {
            int runNo = insertRun(c, id, header);
            long expected = 1;
            int lineNo = 1;
            try (EventBlocks blocks = new EventBlocks(dialect)) {
                int batched = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    RunEvent event = event(line, lineNo);
                    if (event.seq() != expected) {
                        throw new StoreException(
                                "line " + lineNo + ": expected event " + expected + ", found " + event.seq(), null);
                    }
                    expected++;
                    // Written again from the event, so that an imported run's lines are the ones a recording writes.
                    blocks.add(runNo, event, EventJson.write(event));
                    if (++batched == CHUNK) {
                        blocks.write(c, false);
                        batched = 0;
                    }
                }
                blocks.write(c, true);
            }
            c.commit();
            return id;
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static int insertRun(Connection c, String id, JsonNode h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, harness_name, harness_digest, model,"
                + " started_at, ended_at, outcome, reason, rule, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, required(h, "harness"));
            ps.setString(3, required(h, "harnessDigest"));
            ps.setString(4, required(h, "model"));
            ps.setTimestamp(5, EventColumns.millis(instant(required(h, "startedAt"))));
            Optional<String> ended = text(h, "endedAt");
            Optional<String> outcome = text(h, "outcome");
            ps.setTimestamp(6, ended.map(s -> EventColumns.millis(instant(s))).orElse(null));
            if (outcome.isPresent() && Outcome.ofWord(outcome.get()).isEmpty()) {
                throw new StoreException("line 1: unknown outcome '" + outcome.get() + "'", null);
            }
            // A run that was open when exported stays readable; it did not end here either.
            ps.setString(7, outcome.orElse(Outcome.INTERRUPTED.word()));
            ps.setString(8, text(h, "reason").orElse(outcome.isPresent() ? null : RunStore.CRASHED));
            ps.setString(9, text(h, "rule").orElse(null));
            ps.setInt(10, h.path("steps").asInt(0));
            ps.executeUpdate();
        }
        return RunQueries.runNo(c, id).orElseThrow();
    }

    private static RunEvent event(String line, int lineNo) {
        JsonNode node = parse(line, lineNo);
        String kind = text(node, "kind").orElseThrow(() ->
                new StoreException("line " + lineNo + ": an event line needs a \"kind\"", null));
        try {
            return EventJson.read(kind, line);
        } catch (IllegalArgumentException e) {
            throw new StoreException("line " + lineNo + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String line, int lineNo) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new StoreException("line " + lineNo + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String required(JsonNode n, String field) {
        return text(n, field).orElseThrow(() -> new StoreException("line 1: the header needs \"" + field + "\"", null));
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new StoreException("line 1: '" + s + "' is not an instant like 2026-11-23T10:15:30Z", e);
        }
    }
}
