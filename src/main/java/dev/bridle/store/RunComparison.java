package dev.bridle.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.event.EventJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds where two runs part ways, reading both in sequence order a window at a time so that memory stays flat and
 * the search stops at the first difference.
 */
final class RunComparison {

    private static final int WINDOW = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparison() {}

    /** One stored event, as compared: its columns and its payload. */
    private record Row(long seq, String kind, String agent, String node, String tool, String effect, String rule,
            String payload) {

        boolean sameAs(Row o) {
            return kind.equals(o.kind) && Objects.equals(agent, o.agent) && Objects.equals(node, o.node)
                    && Objects.equals(tool, o.tool) && Objects.equals(effect, o.effect)
                    && Objects.equals(rule, o.rule)
                    && (payload.equals(o.payload) || withoutTime(payload).equals(withoutTime(o.payload)));
        }
    }

    static Optional<Divergence> first(Connection c, int left, int right) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, agent, node, tool, effect, rule, payload"
                + " FROM events WHERE id BETWEEN ? AND ? ORDER BY id LIMIT " + WINDOW)) {
            long after = 0;
            while (true) {
                List<Row> a = window(ps, left, after);
                List<Row> b = window(ps, right, after);
                int common = Math.min(a.size(), b.size());
                for (int i = 0; i < common; i++) {
                    Row x = a.get(i);
                    Row y = b.get(i);
                    if (x.seq() != y.seq() || !x.sameAs(y)) {
                        long seq = Math.min(x.seq(), y.seq());
                        return Optional.of(new Divergence(seq, x.seq() == seq ? event(x) : Optional.empty(),
                                y.seq() == seq ? event(y) : Optional.empty()));
                    }
                }
                if (a.size() != b.size()) {
                    Optional<Row> x = a.size() > common ? Optional.of(a.get(common)) : Optional.empty();
                    Optional<Row> y = b.size() > common ? Optional.of(b.get(common)) : Optional.empty();
                    long seq = x.or(() -> y).orElseThrow().seq();
                    return Optional.of(new Divergence(
                            seq, x.flatMap(RunComparison::event), y.flatMap(RunComparison::event)));
                }
                if (a.size() < WINDOW) {
                    return Optional.empty();
                }
                after = a.getLast().seq();
            }
        }
    }

    private static List<Row> window(PreparedStatement ps, int runNo, long after) throws SQLException {
        ps.setLong(1, RunQueries.first(runNo, after + 1));
        ps.setLong(2, RunQueries.last(runNo, Long.MAX_VALUE));
        List<Row> out = new ArrayList<>(WINDOW);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    private static Optional<dev.bridle.event.RunEvent> event(Row r) {
        return Optional.of(EventJson.read(r.kind(), r.payload()));
    }

    private static JsonNode withoutTime(String payload) {
        try {
            JsonNode tree = JSON.readTree(payload);
            if (tree instanceof ObjectNode o) {
                o.remove("at");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored event is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
