package dev.bridle.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.h2.jdbc.JdbcConnection;

/**
 * What differs between the two databases the store runs on: the embedded H2 file (one person, the default) and a
 * shared PostgreSQL server (a team). Everything else is the same SQL.
 */
enum Dialect {

    /** Embedded H2: commits reach the file only at a {@code CHECKPOINT}; open runs belong to a local process. */
    H2,

    /**
     * PostgreSQL: a commit is durable when it returns (write-ahead log), so there is no checkpoint to ask for; writers
     * run on many machines, so an open run belongs to a server session, not to a local process id.
     */
    POSTGRESQL;

    /** The dialect of a JDBC URL; anything but PostgreSQL is taken as H2, whose driver then judges the URL. */
    static Dialect of(String url) {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16) ? POSTGRESQL : H2;
    }

    /**
     * Inserts a block of the context chart or widens the one already there. The SQL standard's {@code MERGE} came to
     * PostgreSQL only in version 15; {@code ON CONFLICT} works on every version a team is likely to run.
     */
    String upsertContextBlock() {
        return switch (this) {
            case H2 -> "MERGE INTO context_blocks t USING (VALUES (CAST(? AS BIGINT), CAST(? AS INT),"
                    + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INT), CAST(? AS INT), CAST(? AS INT)))"
                    + " s(id, run_no, first_seq, last_seq, min_tokens, max_tokens, requests) ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET first_seq = LEAST(t.first_seq, s.first_seq),"
                    + " last_seq = GREATEST(t.last_seq, s.last_seq), min_tokens = LEAST(t.min_tokens, s.min_tokens),"
                    + " max_tokens = GREATEST(t.max_tokens, s.max_tokens), requests = t.requests + s.requests"
                    + " WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.run_no, s.first_seq, s.last_seq, s.min_tokens,"
                    + " s.max_tokens, s.requests)";
            case POSTGRESQL -> "INSERT INTO context_blocks AS t (id, run_no, first_seq, last_seq, min_tokens,"
                    + " max_tokens, requests) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    + " first_seq = LEAST(t.first_seq, EXCLUDED.first_seq),"
                    + " last_seq = GREATEST(t.last_seq, EXCLUDED.last_seq),"
                    + " min_tokens = LEAST(t.min_tokens, EXCLUDED.min_tokens),"
                    + " max_tokens = GREATEST(t.max_tokens, EXCLUDED.max_tokens),"
                    + " requests = t.requests + EXCLUDED.requests";
        };
    }

    /** Statements run on every connection the store opens. */
    List<String> settings() {
        return switch (this) {
            case H2 -> RunStore.H2_SETTINGS;
            // A store shared by a team is read by people in several time zones; timestamps are instants anyway.
            case POSTGRESQL -> List.of("SET TIME ZONE 'UTC'");
        };
    }

    /**
     * Sets H2's page cache of the database on {@code c} to {@code kb} KB when this process holds the file itself;
     * a process reaching the file through another's {@code AUTO_SERVER} leaves that process's cache alone. H2 keeps
     * the setting in the file, so every store that cares sets its own when it opens. PostgreSQL's caches are the
     * server's: nothing to do.
     */
    void cache(Connection c, int kb) throws SQLException {
        if (this != H2 || c.unwrap(JdbcConnection.class).getSession().isRemote()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET CACHE_SIZE " + kb);
        } catch (SQLException e) {
            // A database opened read-only refuses settings; the cache is only a matter of memory, so go on with H2's.
        }
    }

    /** The statement that makes a commit survive {@code kill -9}, if a commit alone does not. */
    Optional<String> checkpoint() {
        return this == H2 ? Optional.of("CHECKPOINT") : Optional.empty();
    }

    /**
     * Who records a run opened on {@code c}: a local process for H2 (several processes share the file through
     * {@code AUTO_SERVER}), the server session of {@code c} for PostgreSQL, whose writers may be on other machines
     * and whose session ends when their process dies, {@code kill -9} included.
     */
    Owner owner(Connection c) throws SQLException {
        if (this == H2) {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(self.pid(), self.info().startInstant().map(RunStore::millis).orElse(null));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Owner(rs.getLong(1), RunStore.millis(rs.getTimestamp(2).toInstant()));
        }
    }

    /** Whether the owner recorded for an open run is still there (so the run is being recorded, not crashed). */
    boolean alive(Connection c, long pid, Instant started) throws SQLException {
        if (this == H2) {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(p -> started == null || p.info().startInstant().map(RunStore::millis).map(started::equals)
                            .orElse(true))
                    .orElse(false);
        }
        // A server session is identified by its pid and start: pids are reused, a start time with them is not.
        try (PreparedStatement ps = c.prepareStatement("SELECT backend_start FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(1);
                    if (t != null && (started == null || RunStore.millis(t.toInstant()).equals(started))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The process or server session recording a run, as stored in {@code runs.owner_pid}/{@code owner_started_at}. */
    record Owner(long pid, Instant startedAt) {}

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
