package dev.bridle.store;

import dev.bridle.event.EventJson;
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
        try (PreparedStatement ps =
                c.prepareStatement("SELECT kind, payload FROM events WHERE id BETWEEN ? AND ? ORDER BY id")) {
            ps.setLong(1, first(runNo, 0));
            ps.setLong(2, last(runNo, Long.MAX_VALUE));
            return events(ps);
        }
    }

    static List<RunEvent> page(Connection c, int runNo, EventQuery q) throws SQLException {
        // Without a kind or rule filter, or with several kinds, the page is one range read of the run's B-tree in id
        // order, stopping at the limit. With a rule or a single kind it reads the (run_no, rule, seq) or
        // (run_no, kind, seq) index instead, ordered as the index so that H2 stops at the limit there too; ordering
        // by id there would make H2 fetch and sort every match up to the end of the run.
        StringBuilder sql = new StringBuilder("SELECT kind, payload FROM events WHERE id BETWEEN ? AND ?");
        List<Object> args = new ArrayList<>(List.of(first(runNo, q.fromSeq()), last(runNo, q.toSeq())));
        String order = " ORDER BY id";
        if (q.rule().isPresent() || q.kinds().size() == 1) {
            sql.append(" AND run_no = ? AND seq BETWEEN ? AND ?");
            args.addAll(List.of(runNo, q.fromSeq(), q.toSeq()));
            order = q.rule().isPresent() ? " ORDER BY run_no, rule, seq" : " ORDER BY run_no, kind, seq";
        }
        if (!q.kinds().isEmpty()) {
            sql.append(" AND kind IN (").append("?, ".repeat(q.kinds().size() - 1)).append("?)");
            q.kinds().stream().sorted().forEach(args::add);
        }
        q.agent().ifPresent(a -> {
            sql.append(" AND agent = ?");
            args.add(a);
        });
        q.effect().ifPresent(e -> {
            sql.append(" AND effect = ?");
            args.add(e);
        });
        q.rule().ifPresent(r -> {
            sql.append(" AND rule = ?");
            args.add(r);
        });
        sql.append(order).append(" LIMIT ?");
        args.add(q.limit());
        try (PreparedStatement ps = prepare(c, sql.toString(), args)) {
            return events(ps);
        }
    }

    static List<RunEvent> events(PreparedStatement ps) throws SQLException {
        List<RunEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(EventJson.read(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** The run's last sequence number, 0 when it has no events: one step down the run's end of the B-tree. */
    static long lastSeq(Connection c, int runNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM events WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, first(runNo, 0));
            ps.setLong(2, last(runNo, Long.MAX_VALUE));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The sequence number of the first event of a run at workflow node {@code node}, or 0 (a scan of the run). */
    static long firstSeqAt(Connection c, int runNo, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM events WHERE id BETWEEN ? AND ? AND node = ? ORDER BY id LIMIT 1")) {
            ps.setLong(1, first(runNo, 0));
            ps.setLong(2, last(runNo, Long.MAX_VALUE));
            ps.setString(3, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
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
        boolean blocks = width / buckets >= ContextBlocks.BLOCK;
        String sql = blocks
                ? "SELECT CAST((first_seq - ?) * ? / ? AS INT) AS b, MIN(first_seq), MAX(last_seq), MIN(min_tokens),"
                        + " MAX(max_tokens), SUM(requests) FROM context_blocks"
                        + " WHERE id BETWEEN ? AND ? AND first_seq BETWEEN ? AND ? GROUP BY b ORDER BY b"
                : "SELECT CAST((seq - ?) * ? / ? AS INT) AS b, MIN(seq), MAX(seq), MIN(context_tokens),"
                        + " MAX(context_tokens), COUNT(*) FROM events"
                        + " WHERE run_no = ? AND kind = 'model.requested' AND seq BETWEEN ? AND ?"
                        + " GROUP BY b ORDER BY b";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromSeq);
            ps.setLong(2, buckets);
            ps.setLong(3, width);
            int next = 4;
            if (blocks) {
                ps.setLong(next++, first(runNo, fromSeq / ContextBlocks.BLOCK));
                ps.setLong(next++, last(runNo, toSeq / ContextBlocks.BLOCK));
            } else {
                ps.setInt(next++, runNo);
            }
            ps.setLong(next++, fromSeq);
            ps.setLong(next, toSeq);
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

    static List<PermissionCount> permissionChecks(Connection c, int runNo) throws SQLException {
        String sql = "SELECT effect, rule, COUNT(*) FROM events WHERE run_no = ? AND kind = 'permission.checked'"
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
