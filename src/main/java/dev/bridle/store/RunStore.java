package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The run store: runs and their events in embedded H2, with the schema kept by Flyway migrations.
 * Thread-safe; one connection, used under the store's lock.
 */
public final class RunStore implements AutoCloseable {

    private final String url;
    private final Connection connection;

    private RunStore(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** The URL of a file database at {@code base} (H2 adds {@code .mv.db}). */
    public static String fileUrl(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /** Opens (creating or migrating) the store at {@code url}. */
    public static RunStore open(String url) {
        try {
            Flyway.configure()
                    .dataSource(url, "sa", "")
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot prepare the run store at " + url + ": " + firstLine(e.getMessage()), e);
        }
        try {
            Connection c = DriverManager.getConnection(url, "sa", "");
            c.setAutoCommit(false);
            return new RunStore(url, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open the run store at " + url + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public String url() {
        return url;
    }

    /** Opens a new run and returns the recording that its events go to. */
    public synchronized Recording begin(String runId, String harness, String digest, String model, Instant startedAt) {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO runs (id, harness_name, harness_digest, model, started_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, harness);
            ps.setString(3, digest);
            ps.setString(4, model);
            ps.setTimestamp(5, Timestamp.from(startedAt));
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw failure("cannot record a new run", e);
        }
        return new Recording(this, runId);
    }

    synchronized void append(String runId, List<RunEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO events (run_id, seq, at, step, kind, agent, node, tokens_in, tokens_out,"
                + " context_tokens, tool, effect, rule, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (RunEvent e : events) {
                EventColumns.bind(ps, runId, e);
                ps.addBatch();
            }
            ps.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("cannot record events of run " + runId, e);
        }
    }

    synchronized void finish(String runId, Instant endedAt, Outcome outcome, String reason, String rule, int steps) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE runs SET ended_at = ?, outcome = ?, reason = ?, rule = ?, steps = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(endedAt));
            ps.setString(2, outcome.word());
            ps.setString(3, reason);
            ps.setString(4, rule);
            ps.setInt(5, steps);
            ps.setString(6, runId);
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("cannot close run " + runId, e);
        }
    }

    /** All runs, newest first. */
    public synchronized List<RunSummary> runs() {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, harness_name, harness_digest, model, started_at, ended_at, outcome, reason, rule, steps"
                        + " FROM runs ORDER BY started_at DESC, id")) {
            return summaries(ps);
        } catch (SQLException e) {
            throw failure("cannot list runs", e);
        }
    }

    public synchronized Optional<RunSummary> run(String runId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, harness_name, harness_digest, model, started_at, ended_at, outcome, reason, rule, steps"
                        + " FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            return summaries(ps).stream().findFirst();
        } catch (SQLException e) {
            throw failure("cannot read run " + runId, e);
        }
    }

    private static List<RunSummary> summaries(PreparedStatement ps) throws SQLException {
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

    /** The events of a run, in order. */
    public synchronized List<RunEvent> events(String runId) {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT kind, payload FROM events WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            List<RunEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(EventJson.read(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot read events of run " + runId, e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(what + " in " + url + ": " + firstLine(e.getMessage()), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("cannot close the run store", e);
        }
    }
}
