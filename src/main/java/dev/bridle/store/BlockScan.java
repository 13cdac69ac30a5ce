package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a run's events out of its blocks ({@link EventBlocks}) in sequence order, a few blocks per query so that a
 * page stops early, reading only the blocks whose summary says they can hold a match and filtering their events
 * exactly in Java. A scan for kinds starts where the run's kinds ({@code run_kinds}) say the first of them is, and
 * reads no block when the run holds none of them (see {@code docs/storage.md}).
 */
final class BlockScan {

    /** Blocks the first query of a scan reads; each further query reads twice as many, up to {@link #MAX_CHUNK}. */
    private static final int FIRST_CHUNK = 8;
    private static final int MAX_CHUNK = 256;
    private static final String PREFIX = "{\"kind\":\"";
    private static final String SEQ = ",\"seq\":";

    private BlockScan() {}

    /**
     * Which events a scan wants besides its range; an empty set or an empty optional does not filter.
     *
     * @param kinds only these kinds
     * @param agent only this agent's events
     * @param node only events at this workflow node
     * @param effect only events with this effect
     * @param rule only events that name this rule
     */
    record Match(Set<String> kinds, Optional<String> agent, Optional<String> node, Optional<String> effect,
            Optional<String> rule) {

        static final Match ALL = new Match(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        static Match of(EventQuery q) {
            return new Match(q.kinds(), q.agent(), Optional.empty(), q.effect(), q.rule());
        }

        static Match node(String node) {
            return new Match(Set.of(), Optional.empty(), Optional.of(node), Optional.empty(), Optional.empty());
        }

        boolean needsEvent() {
            return agent.isPresent() || node.isPresent() || effect.isPresent() || rule.isPresent();
        }

        boolean matches(RunEvent e) {
            return agent.map(a -> a.equals(e.agent())).orElse(true)
                    && node.map(n -> n.equals(e.node())).orElse(true)
                    && effect.map(x -> x.equals(EventColumns.effect(e))).orElse(true)
                    && rule.map(r -> r.equals(e.rule())).orElse(true);
        }
    }

    /** One stored event: its sequence number, kind and line; parsed only when asked. */
    static final class Stored {
        final long seq;
        final String kind;
        final String line;
        private RunEvent event;

        Stored(long seq, String kind, String line) {
            this.seq = seq;
            this.kind = kind;
            this.line = line;
        }

        RunEvent event() {
            if (event == null) {
                event = EventJson.read(kind, line);
            }
            return event;
        }
    }

    /** What a scan hands each matching event to; {@code false} ends the scan. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(Stored event);
    }

    /** Hands the events of run {@code runNo} in {@code [fromSeq, toSeq]} that {@code match} to {@code visitor}. */
    static void scan(Connection c, int runNo, long fromSeq, long toSeq, Match match, Visitor visitor)
            throws SQLException {
        long from = Math.max(fromSeq, 0);
        long to = Math.min(toSeq, EventColumns.SEQ_LIMIT - 1);
        if (from > to) {
            return;
        }
        boolean postgresql = !match.kinds().isEmpty()
                && Dialect.of(c.getMetaData().getURL()) == Dialect.POSTGRESQL;
        if (!match.kinds().isEmpty() && !postgresql) {
            // Before V4, a kind the run does not hold (the inspector asks every run for its compactions) read the
            // summaries of all its blocks: 15,600 for a million events. H2 answers a lookup of the run's kinds in
            // microseconds, and would scan the range for a bound of NULL (below), so it looks them up first.
            OptionalLong first = firstOfKinds(c, runNo, match.kinds());
            if (first.isEmpty() || first.getAsLong() > to) {
                return;
            }
            from = Math.max(from, first.getAsLong());
        }
        StringBuilder sql = new StringBuilder("SELECT b.id, l.lines FROM event_blocks b"
                + " JOIN event_block_lines l ON l.id = b.id WHERE b.id BETWEEN ? AND ? AND b.last_seq >= ?");
        List<Object> args = new ArrayList<>();
        if (!match.kinds().isEmpty()) {
            if (postgresql) {
                // A lookup first would cost PostgreSQL a round trip per page; in the query, the run's kinds bound
                // the range from below (from the block that can hold the first event of one of them), and a run
                // that holds none gives a bound of NULL, for which PostgreSQL reads no index entry at all.
                sql.append(" AND b.id >= (SELECT ? + MIN(k.first_seq) FROM run_kinds k WHERE k.run_no = ?"
                        + " AND k.kind IN (");
                args.add(EventColumns.key(runNo, 0) - (EventBlocks.SIZE - 1));
                args.add(runNo);
                String comma = "";
                for (String kind : match.kinds().stream().sorted().toList()) {
                    sql.append(comma).append('?');
                    args.add(kind);
                    comma = ", ";
                }
                sql.append("))");
            }
            sql.append(" AND (");
            String or = "";
            for (String kind : match.kinds().stream().sorted().toList()) {
                sql.append(or).append("b.kinds LIKE ? ESCAPE '\\'");
                args.add(like(kind));
                or = " OR ";
            }
            sql.append(')');
        }
        likeColumn(sql, args, "agents", match.agent());
        likeColumn(sql, args, "nodes", match.node());
        likeColumn(sql, args, "effects", match.effect());
        likeColumn(sql, args, "rules", match.rule());
        sql.append(" ORDER BY b.id LIMIT ?");
        // The block holding event `from` starts at most SIZE - 1 sequence numbers before it.
        long lo = EventColumns.key(runNo, Math.max(from - (EventBlocks.SIZE - 1), 0));
        long hi = EventColumns.key(runNo, to);
        int chunk = FIRST_CHUNK;
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 4;
            for (Object arg : args) {
                ps.setObject(i++, arg);
            }
            int limitAt = i;
            while (true) {
                ps.setLong(1, lo);
                ps.setLong(2, hi);
                ps.setLong(3, from);
                ps.setInt(limitAt, chunk);
                int rows = 0;
                long lastId = lo;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        lastId = rs.getLong(1);
                        if (!visitBlock(rs.getString(2), from, to, match, visitor)) {
                            return;
                        }
                    }
                }
                if (rows < chunk) {
                    return;
                }
                lo = lastId + 1;
                chunk = Math.min(chunk * 2, MAX_CHUNK);
            }
        }
    }

    /**
     * Where the first event of any of {@code kinds} in run {@code runNo} is, at the latest ({@code run_kinds}); empty
     * when the run holds none of them.
     */
    private static OptionalLong firstOfKinds(Connection c, int runNo, Set<String> kinds) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT MIN(first_seq) FROM run_kinds WHERE run_no = ? AND kind IN (");
        for (int i = 0; i < kinds.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setInt(1, runNo);
            int i = 2;
            for (String kind : kinds) {
                ps.setString(i++, kind);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long first = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(first);
            }
        }
    }

    /** Visits a block's matching events; {@code false} when the scan is over. */
    private static boolean visitBlock(String lines, long from, long to, Match match, Visitor visitor) {
        int start = 0;
        while (start < lines.length()) {
            int end = lines.indexOf('\n', start);
            if (end < 0) {
                end = lines.length();
            }
            String line = lines.substring(start, end);
            start = end + 1;
            String kind = kindOf(line);
            if (!match.kinds().isEmpty() && !match.kinds().contains(kind)) {
                continue;
            }
            long seq = seqOf(kind, line);
            if (seq < from) {
                continue;
            }
            if (seq > to) {
                return false;
            }
            Stored s = new Stored(seq, kind, line);
            if (match.needsEvent() && !match.matches(s.event())) {
                continue;
            }
            if (!visitor.visit(s)) {
                return false;
            }
        }
        return true;
    }

    private static void likeColumn(StringBuilder sql, List<Object> args, String column, Optional<String> value) {
        value.ifPresent(v -> {
            sql.append(" AND b.").append(column).append(" LIKE ? ESCAPE '\\'");
            args.add(like(v));
        });
    }

    /** The pattern that finds {@code value} in a summary list. */
    static String like(String value) {
        String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + EventBlocks.BAR + escaped + EventBlocks.BAR + "%";
    }

    /** The kind of a stored line, which {@link EventBlocks#line} puts first. */
    static String kindOf(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new StoreException("a stored event does not start with its kind: "
                    + line.substring(0, Math.min(line.length(), 60)), null);
        }
        return line.substring(PREFIX.length(), line.indexOf('"', PREFIX.length()));
    }

    /**
     * The sequence number of a stored line, read without parsing it: an event's JSON starts with its {@code seq}
     * (the records' first component). Anything else is parsed.
     */
    static long seqOf(String kind, String line) {
        int at = PREFIX.length() + kind.length() + 1;
        if (line.startsWith(SEQ, at)) {
            long seq = 0;
            int i = at + SEQ.length();
            int digits = 0;
            while (i < line.length() && Character.isDigit(line.charAt(i)) && digits < 18) {
                seq = seq * 10 + (line.charAt(i++) - '0');
                digits++;
            }
            if (digits > 0 && i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == '}')) {
                return seq;
            }
        }
        return EventJson.read(kind, line).seq();
    }
}
