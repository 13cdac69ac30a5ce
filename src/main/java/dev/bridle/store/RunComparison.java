package dev.bridle.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where two runs part ways, reading both in sequence order a window at a time so that memory stays flat and
 * the search stops at the first difference.
 */
final class RunComparison {

    private static final int WINDOW = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparison() {}

    /**
     * Whether two stored lines are the same event, timestamps aside. A line holds the whole event (its kind, agent,
     * node, tool, effect and rule are all fields of it), so comparing lines compares everything.
     */
    private static boolean same(BlockScan.Stored x, BlockScan.Stored y) {
        return x.line.equals(y.line) || withoutTime(x.line).equals(withoutTime(y.line));
    }

    static Optional<Divergence> first(Connection c, int left, int right) throws SQLException {
        long after = 0;
        while (true) {
            List<BlockScan.Stored> a = window(c, left, after);
            List<BlockScan.Stored> b = window(c, right, after);
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                BlockScan.Stored x = a.get(i);
                BlockScan.Stored y = b.get(i);
                if (x.seq != y.seq || !same(x, y)) {
                    long seq = Math.min(x.seq, y.seq);
                    return Optional.of(new Divergence(seq, x.seq == seq ? Optional.of(x.event()) : Optional.empty(),
                            y.seq == seq ? Optional.of(y.event()) : Optional.empty()));
                }
            }
            if (a.size() != b.size()) {
                Optional<BlockScan.Stored> x = a.size() > common ? Optional.of(a.get(common)) : Optional.empty();
                Optional<BlockScan.Stored> y = b.size() > common ? Optional.of(b.get(common)) : Optional.empty();
                long seq = x.or(() -> y).orElseThrow().seq;
                return Optional.of(new Divergence(seq, x.map(BlockScan.Stored::event),
                        y.map(BlockScan.Stored::event)));
            }
            if (a.size() < WINDOW) {
                return Optional.empty();
            }
            after = a.getLast().seq;
        }
    }

    private static List<BlockScan.Stored> window(Connection c, int runNo, long after) throws SQLException {
        List<BlockScan.Stored> out = new ArrayList<>(WINDOW);
        BlockScan.scan(c, runNo, after + 1, Long.MAX_VALUE, BlockScan.Match.ALL, e -> {
            out.add(e);
            return out.size() < WINDOW;
        });
        return out;
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
