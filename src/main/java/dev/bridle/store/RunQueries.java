package dev.bridle.store;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The read side of the store: the SQL behind the run list, the timeline's pages, the context chart and summaries. */
final class RunQueries {

    static final String RUN_COLUMNS =
            "id, harness_name, harness_digest, model, started_at, ended_at, outcome, reason, rule, steps";

    private RunQueries() {}

    static List<RunSummary> runs(Connection c, RunFilter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE TRUE");
        List<Object> args = new ArrayList<>();
        f.harness().ifPresent(h -> {
            sql.append(" AND harness_name = ?");
            args.add(h);
        });
        f.outcome().ifPresent(o -> {
            sql.append(" AND outcome = ?");
            args.add(o.word());
        });
        f.startedFrom().ifPresent(t -> {
            sql.append(" AND started_at >= ?");
            args.add(EventColumns.millis(t));
        });
        f.startedBefore().ifPresent(t -> {
            sql.append(" AND started_at < ?");
            args.add(EventColumns.millis(t));
        });
        sql.append(" ORDER BY started_at DESC, id LIMIT ?");
        args.add(f.limit());
        try (PreparedStatement ps = prepare(c, sql.toString(), args)) {
            return summaries(ps);
        }
    }

    static Optional<RunSummary> run(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            return summaries(ps).stream().findFirst();
        }
    }

    static List<RunSummary> summaries(PreparedStatement ps) throws SQLException {
        List<RunSummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp ended = rs.getTimestamp(6);
                String outcome = rs.getString(7);
                out.add(new RunSummary(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        Optional.ofNullable(ended).map(Timestamp::toInstant),
                        Optional.ofNullable(outcome).flatMap(Outcome::ofWord),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getInt(10)));
            }
        }
        return out;
    }

    /** The run's number, which keys its events; empty when there is no such run. */
    static OptionalInt runNo(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT no FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    static long first(int runNo, long seq) {
        return EventColumns.key(runNo, Math.max(seq, 0));
    }

    static long last(int runNo, long seq) {
        return EventColumns.key(runNo, Math.min(seq, EventColumns.SEQ_LIMIT - 1));
    }

    static List<RunEvent> all(Connection c, int runNo) throws SQLException {
        List<RunEvent> out = new ArrayList<>();
        BlockScan.scan(c, runNo, 0, Long.MAX_VALUE, BlockScan.Match.ALL, e -> out.add(e.event()));
        return out;
    }

    static List<RunEvent> page(Connection c, int runNo, EventQuery q) throws SQLException {
        // One range read of the run's blocks from the one holding fromSeq, skipping the blocks whose summary rules
        // out the filters, and stopping at the limit.
        List<RunEvent> out = new ArrayList<>(Math.min(q.limit(), 1_000));
        BlockScan.scan(c, runNo, q.fromSeq(), q.toSeq(), BlockScan.Match.of(q), e -> {
            out.add(e.event());
            return out.size() < q.limit();
        });
        return out;
    }

    /** The run's last sequence number, 0 when it has no events: one step down the run's end of the blocks. */
    static long lastSeq(Connection c, int runNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_seq FROM event_blocks WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, first(runNo, 0));
            ps.setLong(2, last(runNo, Long.MAX_VALUE));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The sequence number of the first event of a run at workflow node {@code node}, or 0. */
    static long firstSeqAt(Connection c, int runNo, String node) throws SQLException {
        long[] found = {0};
        BlockScan.scan(c, runNo, 0, Long.MAX_VALUE, BlockScan.Match.node(node), e -> {
            found[0] = e.seq;
            return false;
        });
        return found[0];
    }

    /**
     * The context sizes of the model requests in {@code [fromSeq, toSeq]}, grouped in SQL into {@code buckets} equal
     * ranges of sequence numbers; empty buckets are left out. When a bucket spans at least one block of
     * {@link ContextBlocks#BLOCK} events the grouping reads the pre-aggregated blocks (a block falls in the bucket of
     * its first model request, so bucket edges are exact to within one block); narrower buckets read the kind index,
     * which holds the context size.
     */
    static List<ContextBucket> contextSeries(Connection c, int runNo, long fromSeq, long toSeq, int buckets)
            throws SQLException {
        long width = toSeq - fromSeq + 1;
        if (width <= 0) {
            return List.of();
        }
        if (width / buckets < ContextBlocks.BLOCK) {
            return narrowContextSeries(c, runNo, fromSeq, toSeq, buckets);
        }
        String sql = "SELECT CAST((first_seq - ?) * ? / ? AS INT) AS b, MIN(first_seq), MAX(last_seq), MIN(min_tokens),"
                + " MAX(max_tokens), SUM(requests) FROM context_blocks"
                + " WHERE id BETWEEN ? AND ? AND first_seq BETWEEN ? AND ? GROUP BY b ORDER BY b";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromSeq);
            ps.setLong(2, buckets);
            ps.setLong(3, width);
            ps.setLong(4, first(runNo, fromSeq / ContextBlocks.BLOCK));
            ps.setLong(5, last(runNo, toSeq / ContextBlocks.BLOCK));
            ps.setLong(6, fromSeq);
            ps.setLong(7, toSeq);
            List<ContextBucket> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContextBucket(
                            rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
                }
            }
            return out;
        }
    }

    /**
     * Buckets narrower than a context block: the exact context sizes, from the blocks' summaries (each lists its
     * model requests' sizes), bucketed here; the events themselves are not read.
     */
    private static List<ContextBucket> narrowContextSeries(Connection c, int runNo, long fromSeq, long toSeq,
            int buckets) throws SQLException {
        long width = toSeq - fromSeq + 1;
        List<ContextBucket> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT contexts FROM event_blocks WHERE id BETWEEN ? AND ?"
                + " AND last_seq >= ? AND contexts IS NOT NULL ORDER BY id")) {
            ps.setLong(1, first(runNo, Math.max(fromSeq - (EventBlocks.SIZE - 1), 0)));
            ps.setLong(2, last(runNo, toSeq));
            ps.setLong(3, fromSeq);
            try (ResultSet rs = ps.executeQuery()) {
                int bucket = -1;
                long firstSeq = 0;
                long lastSeq = 0;
                int min = 0;
                int max = 0;
                int requests = 0;
                while (rs.next()) {
                    for (String pair : rs.getString(1).split(" ")) {
                        int colon = pair.indexOf(':');
                        long seq = Long.parseLong(pair, 0, colon, 10);
                        if (seq < fromSeq || seq > toSeq) {
                            continue;
                        }
                        int tokens = Integer.parseInt(pair, colon + 1, pair.length(), 10);
                        int b = (int) ((seq - fromSeq) * buckets / width);
                        if (b != bucket) {
                            if (requests > 0) {
                                out.add(new ContextBucket(bucket, firstSeq, lastSeq, min, max, requests));
                            }
                            bucket = b;
                            firstSeq = seq;
                            min = tokens;
                            max = tokens;
                            requests = 0;
                        }
                        lastSeq = seq;
                        min = Math.min(min, tokens);
                        max = Math.max(max, tokens);
                        requests++;
                    }
                }
                if (requests > 0) {
                    out.add(new ContextBucket(bucket, firstSeq, lastSeq, min, max, requests));
                }
            }
        }
        return out;
    }

    static List<PermissionCount> permissionChecks(Connection c, int runNo) throws SQLException {
        // Kept by the writer beside the blocks, in the same transaction.
        String sql = "SELECT effect, rule, SUM(checks) FROM permission_counts WHERE run_no = ?"
                + " GROUP BY effect, rule ORDER BY effect, rule NULLS FIRST";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, runNo);
            List<PermissionCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PermissionCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }
}
