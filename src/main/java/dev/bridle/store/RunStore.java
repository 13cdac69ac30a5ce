package dev.bridle.store;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run store: runs and their events in embedded H2 (the default) or in a PostgreSQL server that a team shares, the
 * schema kept by the same Flyway migrations. What differs between the two is in {@link Dialect}; how the store logs in
 * to PostgreSQL is in {@link Credentials}.
 *
 * <p><b>Writing.</b> {@link #begin} records the run's row (committed at once) and returns a {@link Recording}, the
 * engine's event sink. A single writer thread per store drains a bounded queue into JDBC batches and groups them into
 * commits, so the engine never waits on the disk except when the queue is full (it then slows down; nothing is
 * dropped) and when its {@link Durability} asks for it.
 *
 * <p><b>Durability.</b> Each commit of the writer is followed by {@code CHECKPOINT}, which writes it to the file
 * before the writer goes on, so a committed event survives {@code kill -9} of the process (the operating system holds
 * the written pages); what a kill can lose is set per run by {@link Durability}. There is no {@code fsync} per commit,
 * so a power cut or kernel crash can still lose the last seconds. On the next open, runs left open by a process that
 * is gone are marked {@code interrupted}; their events stay. On PostgreSQL a commit is durable when it returns, and
 * a run belongs to the server session of the store that began it: when that process dies, {@code kill -9} included,
 * the server ends the session, and the next open anywhere marks the run {@code interrupted}.
 *
 * <p><b>Space.</b> H2 writes copy-on-write and keeps freed space for {@link #RETENTION_MILLIS} ms; its background
 * thread ({@code WRITE_DELAY} above 0) compacts sparse chunks while a run records, and the close of the last
 * connection compacts for up to {@link #CLOSE_COMPACT_MILLIS} ms. An in-memory URL ({@code jdbc:h2:mem:}) lives as
 * long as the store is open.
 *
 * <p><b>Threads.</b> Nothing here interrupts a thread, and callers must not interrupt a thread that is inside a
 * store call: H2 closes the database file when a thread doing file I/O is interrupted. Cancel with a flag. Reads use
 * their own connection under the store's lock, so they never wait for the writer.
 */
public final class RunStore implements AutoCloseable {

    static final String CRASHED = "the process ended before the run did";
    static final String STORE_CLOSED = "the run store was closed before the run ended";
    private static final long DELETE_SLICE = 50_000;
    /**
     * How long freed file space is kept before it is reused (H2's default is 45 s). Every commit rewrites pages
     * copy-on-write, so while a run records, the file holds everything written in the last retention period: with
     * 45 s that was tens of KB per step (347 MB for a 10,000-step run). Not 0, which lets H2 reuse a chunk that the
     * chunk map still lists and can leave a file that no longer opens (H2 issues 2752, 4083).
     */
    static final int RETENTION_MILLIS = 1_000;

    /**
     * How long closing the database may spend compacting the file (H2's default is 200 ms). Only the close of the last
     * connection closes the database, so a store shared through {@code AUTO_SERVER} is compacted by whoever leaves
     * last, never under another process's feet, which {@code SHUTDOWN COMPACT} would do.
     */
    static final int CLOSE_COMPACT_MILLIS = 2_000;

    /** H2's page cache, in KB, of a store opened to read (the workbench, the gateway, {@code runs}): H2's default. */
    static final int READING_CACHE_KB = 16 * 1024;

    /** H2's page cache, in KB, of a store opened by {@link #openToRecord}. */
    static final int RECORDING_CACHE_KB = 1024;

    /** What a process opens the store for, which decides H2's page cache and the settings its URL gets. */
    private enum Use {
        READ(READING_CACHE_KB, Map.of()),
        RECORD(RECORDING_CACHE_KB, Map.of("ANALYZE_AUTO", "0"));

        final int cacheKb;
        final Map<String, String> urlSettings;

        Use(int cacheKb, Map<String, String> urlSettings) {
            this.cacheKb = cacheKb;
            this.urlSettings = urlSettings;
        }
    }

    /** Database settings H2 reads from the URL of the connection that opens the database; added when absent. */
    private static final Map<String, String> URL_SETTINGS = Map.of("MAX_COMPACT_TIME", "" + CLOSE_COMPACT_MILLIS);

    /**
     * Set on every open. {@code WRITE_DELAY}: H2's background thread, which also compacts the file, runs only when
     * it is above 0; the writer makes its own commits durable at once with {@code CHECKPOINT} (see {@link RunWriter}).
     */
    static final List<String> H2_SETTINGS = List.of(
            "SET WRITE_DELAY 100",
            "SET RETENTION_TIME " + RETENTION_MILLIS);

    /** Runs being recorded by this process, as {@code url + " " + runId}: never "recovered" by another open. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    private final String url;
    private final String shown;
    private final Dialect dialect;
    private final Dialect.Owner owner;
    private final Connection connection;
    private final RunWriter writer;
    private final Durability durability;
    private final ConcurrentHashMap<String, Recording> recordings = new ConcurrentHashMap<>();
    private boolean closed;

    private RunStore(String url, Dialect dialect, Dialect.Owner owner, Connection connection, RunWriter writer,
            Durability durability) {
        this.url = url;
        this.shown = Credentials.redact(url);
        this.dialect = dialect;
        this.owner = owner;
        this.connection = connection;
        this.writer = writer;
        this.durability = durability;
    }

    /** The URL of a file database at {@code base} (H2 adds {@code .mv.db}), shareable by several processes. */
    public static String fileUrl(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens the store at {@code url}: creates or migrates its schema, refuses a store of a newer Bridle, marks runs
     * left open by a crash as {@code interrupted}, and starts the writer thread. Runs begin
     * {@link Durability#BATCHED} unless they say otherwise.
     */
    public static RunStore open(String url) {
        return open(url, Durability.BATCHED);
    }

    /** Opens the store at {@code url}; runs that do not choose their durability are recorded with {@code durability}. */
    public static RunStore open(String url, Durability durability) {
        return open(url, RunWriter.QUEUE, durability, Use.READ);
    }

    /**
     * Opens the store for a command that records a run and reads little back ({@code bridle run}): as
     * {@link #open(String, Durability)}, with a small page cache on H2 ({@value #RECORDING_CACHE_KB} KB). The pages
     * such a command writes pass through H2's cache at the rate it records; in a cache of H2's default 16 MB they
     * lived long enough to be promoted to the old generation and die there, so a 100,000-step run's memory grew with
     * its length (1.6 times a 1,000-step run's peak). In 1 MB they die young. H2's automatic {@code ANALYZE} is off
     * too ({@code ANALYZE_AUTO=0}, which H2 does not keep in the file and ignores when another process already has
     * the file open): every 2,000 rows it re-read a sample of the growing tables, 7 % of the writer thread's time,
     * for statistics no query of a recording command needs.
     */
    public static RunStore openToRecord(String url, Durability durability) {
        return open(url, RunWriter.QUEUE, durability, Use.RECORD);
    }

    /** Opens the store with a writer queue of {@code queueCapacity} entries. */
    static RunStore open(String url, int queueCapacity) {
        return open(url, queueCapacity, Durability.BATCHED, Use.READ);
    }

    private static RunStore open(String url, int queueCapacity, Durability durability, Use use) {
        Connection admin = null;
        Connection writing = null;
        Dialect dialect = Dialect.of(url);
        Credentials login = Credentials.of(url);
        String tuned = tuned(login.url(), use.urlSettings);
        String shown = Credentials.redact(url);
        try {
            // Connect before Flyway does: an in-memory database lives as long as a connection to it is open, so this
            // one keeps the schema Flyway creates alive for the store's life (one command), and closing it ends it.
            admin = connect(tuned, login, dialect);
            if (!names(tuned, "CACHE_SIZE")) {
                dialect.cache(admin, use.cacheKb); // a URL that names its cache keeps it
            }
            Schema.prepare(admin, tuned, login, shown);
            recoverCrashedRuns(url, dialect, admin);
            writing = connect(tuned, login, dialect);
            writing.setAutoCommit(false);
            RunWriter writer = new RunWriter(shown, dialect, writing, queueCapacity);
            writer.start();
            return new RunStore(url, dialect, dialect.owner(admin), admin, writer, durability);
        } catch (SQLException e) {
            closeQuietly(writing);
            closeQuietly(admin);
            throw new StoreException("cannot open the run store at " + shown + ": "
                    + login.scrub(firstLine(e.getMessage())), e);
        } catch (RuntimeException e) {
            closeQuietly(writing);
            closeQuietly(admin);
            throw e;
        }
    }

    /**
     * A connection with the dialect's settings, in auto-commit: reads then hold no transaction open between calls,
     * which on a shared PostgreSQL would keep locks that block another Bridle's migration. Writes open their own.
     */
    private static Connection connect(String url, Credentials login, Dialect dialect) throws SQLException {
        Connection c = DriverManager.getConnection(url, login.properties());
        try (Statement s = c.createStatement()) {
            for (String setting : dialect.settings()) {
                s.execute(setting);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * {@code url} with {@link #URL_SETTINGS} added where an H2 URL does not set them; a PostgreSQL URL gets the
     * driver's rewriting of batched inserts into multi-row ones, a round trip per batch instead of one per event.
     */
    static String tuned(String url) {
        return tuned(url, Map.of());
    }

    /** {@link #tuned(String)}, and on H2 {@code more} settings too, each where the URL does not set it. */
    private static String tuned(String url, Map<String, String> more) {
        if (Dialect.of(url) == Dialect.POSTGRESQL) {
            if (url.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=")) {
                return url;
            }
            return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return url;
        }
        StringBuilder out = new StringBuilder(url);
        for (Map<String, String> settings : List.of(URL_SETTINGS, more)) {
            settings.forEach((key, value) -> {
                if (!names(url, key)) {
                    out.append(';').append(key).append('=').append(value);
                }
            });
        }
        return out.toString();
    }

    /** Whether H2 URL {@code url} sets {@code key} itself. */
    private static boolean names(String url, String key) {
        return url.toUpperCase(Locale.ROOT).contains(";" + key + "=");
    }

    /** How runs are recorded when {@link #begin(String, String, String, String, Instant)} does not say. */
    public Durability durability() {
        return durability;
    }

    /** {@code url} as it may be shown: a password in it reads {@code ***}. */
    public static String shown(String url) {
        return Credentials.redact(url);
    }

    /** The store's URL as it may be shown: a password in it reads {@code ***}. */
    public String url() {
        return shown;
    }

    /** Whether this store is a PostgreSQL server (shared) rather than embedded H2. */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Opens a new run, recorded with the store's {@link #durability()}. */
    public Recording begin(String runId, String harness, String digest, String model, Instant startedAt) {
        return begin(new RunStart(runId, harness, digest, model, startedAt), durability);
    }

    /** Records the run's row and returns the recording its events go to. */
    public synchronized Recording begin(RunStart start, Durability durability) {
        ensureOpen();
        int runNo;
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO runs (id, harness_name, harness_digest,"
                + " model, started_at, owner_pid, owner_started_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, start.id());
            ps.setString(2, start.harness());
            ps.setString(3, start.harnessDigest());
            ps.setString(4, start.model());
            ps.setTimestamp(5, EventColumns.millis(start.startedAt()));
            ps.setLong(6, owner.pid());
            ps.setTimestamp(7, owner.startedAt() == null ? null : Timestamp.from(owner.startedAt()));
            // One statement: auto-commit makes it visible to other readers at once.
            ps.executeUpdate();
            runNo = RunQueries.runNo(connection, start.id()).orElseThrow();
        } catch (SQLException e) {
            throw failure("cannot record run " + start.id(), e);
        }
        Recording recording = new Recording(this, writer, start, runNo, durability);
        recordings.put(start.id(), recording);
        LIVE.add(url + " " + start.id());
        return recording;
    }

    /**
     * Reopens a run that was {@link Recording#suspend suspended} (or left {@code interrupted}) to record more of its
     * events, as one session whose calls come from separate processes does (a Claude Code hook answers each call in a
     * new process). The run is open again and owned by this process; its next event continues its sequence. Empty
     * when there is no such run, when it ended otherwise (completed, stopped, failed), or when another process holds
     * it open right now: exactly one of two processes that resume the same run at once gets it.
     */
    public synchronized Optional<Recording> resume(String runId, Durability durability) {
        ensureOpen();
        Optional<RunSummary> row = run(runId);
        if (row.isEmpty() || row.get().outcome().orElse(null) != Outcome.INTERRUPTED) {
            return Optional.empty();
        }
        ProcessHandle self = ProcessHandle.current();
        try (PreparedStatement ps = connection.prepareStatement("UPDATE runs SET outcome = NULL, reason = NULL,"
                + " rule = NULL, ended_at = NULL, owner_pid = ?, owner_started_at = ? WHERE id = ? AND outcome = ?")) {
            ps.setLong(1, self.pid());
            ps.setTimestamp(2, self.info().startInstant().map(RunStore::millis).map(Timestamp::from).orElse(null));
            ps.setString(3, runId);
            ps.setString(4, Outcome.INTERRUPTED.word());
            // One statement in auto-commit, as in begin(): an explicit commit() is refused by PostgreSQL's driver there
            // ("Cannot commit when autoCommit is enabled"), which H2's ignores.
            int updated = ps.executeUpdate();
            if (updated != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("cannot resume run " + runId, e);
        }
        RunSummary r = row.get();
        int runNo;
        try {
            runNo = RunQueries.runNo(connection, runId).orElseThrow();
        } catch (SQLException e) {
            throw failure("cannot resume run " + runId, e);
        }
        Recording recording = new Recording(this, writer,
                new RunStart(r.id(), r.harness(), r.harnessDigest(), r.model(), r.startedAt()), runNo, durability);
        recording.continueFrom(r.steps(), r.endedAt().orElse(r.startedAt()));
        recordings.put(runId, recording);
        LIVE.add(url + " " + runId);
        return Optional.of(recording);
    }

    void released(String runId) {
        recordings.remove(runId);
        LIVE.remove(url + " " + runId);
    }

    /** Every run, newest first, up to {@link RunFilter#DEFAULT_LIMIT}. */
    public List<RunSummary> runs() {
        return runs(RunFilter.all());
    }

    /** The run list: runs that pass {@code filter}, newest first. */
    public synchronized List<RunSummary> runs(RunFilter filter) {
        ensureOpen();
        try {
            return RunQueries.runs(connection, filter);
        } catch (SQLException e) {
            throw failure("cannot list runs", e);
        }
    }

    /**
     * A cheap mark of the run list that changes when any writer (another process, gateway or machine included) adds,
     * ends or deletes a run: the highest run number, how many runs there are and how many have ended. One index
     * read and a count over the run rows, never the events; a view polls it and reads the list only when it moved.
     */
    public synchronized RunsMark mark() {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COALESCE(MAX(no), 0), COUNT(*), COUNT(outcome) FROM runs");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new RunsMark(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        } catch (SQLException e) {
            throw failure("cannot read the run list", e);
        }
    }

    /**
     * What {@link #mark()} returns: equal marks mean the run list has not changed.
     *
     * @param lastNo the highest run number given out
     * @param runs how many runs there are
     * @param ended how many of them have ended
     */
    public record RunsMark(long lastNo, long runs, long ended) {}

    public synchronized Optional<RunSummary> run(String runId) {
        ensureOpen();
        try {
            return RunQueries.run(connection, runId);
        } catch (SQLException e) {
            throw failure("cannot read run " + runId, e);
        }
    }

    /** Every event of a run, in order; for long runs read {@link #events(String, EventQuery) pages}. */
    public synchronized List<RunEvent> events(String runId) {
        ensureOpen();
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            return no.isEmpty() ? List.of() : RunQueries.all(connection, no.getAsInt());
        } catch (SQLException e) {
            throw failure("cannot read events of run " + runId, e);
        }
    }

    /** A page of a run's events: a sequence range, filtered by kind, agent, effect and rule. */
    public synchronized List<RunEvent> events(String runId, EventQuery query) {
        ensureOpen();
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            return no.isEmpty() ? List.of() : RunQueries.page(connection, no.getAsInt(), query);
        } catch (SQLException e) {
            throw failure("cannot read events of run " + runId, e);
        }
    }

    /** The sequence number of a run's last event (so its length), 0 when the run is unknown or has no events. */
    public synchronized long lastSeq(String runId) {
        ensureOpen();
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            return no.isEmpty() ? 0 : RunQueries.lastSeq(connection, no.getAsInt());
        } catch (SQLException e) {
            throw failure("cannot read the length of run " + runId, e);
        }
    }

    /** The sequence number of a run's first event at workflow node {@code node}, 0 when none is. */
    public synchronized long firstSeqAt(String runId, String node) {
        ensureOpen();
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            return no.isEmpty() ? 0 : RunQueries.firstSeqAt(connection, no.getAsInt(), node);
        } catch (SQLException e) {
            throw failure("cannot read events of run " + runId, e);
        }
    }

    /** The context size over the whole run in at most {@code buckets} buckets, for a chart that many pixels wide. */
    public synchronized List<ContextBucket> contextSeries(String runId, int buckets) {
        return contextSeries(runId, 1, Long.MAX_VALUE, buckets);
    }

    /** The context size over events {@code fromSeq..toSeq} in at most {@code buckets} buckets (a zoomed chart). */
    public synchronized List<ContextBucket> contextSeries(String runId, long fromSeq, long toSeq, int buckets) {
        ensureOpen();
        positive(buckets);
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            if (no.isEmpty()) {
                return List.of();
            }
            long to = Math.min(toSeq, RunQueries.lastSeq(connection, no.getAsInt()));
            return RunQueries.contextSeries(connection, no.getAsInt(), Math.max(fromSeq, 1), to, buckets);
        } catch (SQLException e) {
            throw failure("cannot read the context sizes of run " + runId, e);
        }
    }

    /** How many {@code permission.checked} events each effect and rule account for, by effect then rule. */
    public synchronized List<PermissionCount> permissionChecks(String runId) {
        ensureOpen();
        try {
            OptionalInt no = RunQueries.runNo(connection, runId);
            return no.isEmpty() ? List.of() : RunQueries.permissionChecks(connection, no.getAsInt());
        } catch (SQLException e) {
            throw failure("cannot summarise the permission checks of run " + runId, e);
        }
    }

    /** The first event where two runs differ, timestamps aside; empty when they are the same. */
    public synchronized Optional<Divergence> firstDivergence(String leftRunId, String rightRunId) {
        ensureOpen();
        try {
            int left = existing(leftRunId);
            int right = existing(rightRunId);
            return RunComparison.first(connection, left, right);
        } catch (SQLException e) {
            throw failure("cannot compare runs " + leftRunId + " and " + rightRunId, e);
        }
    }

    private int existing(String runId) throws SQLException {
        return RunQueries.runNo(connection, runId)
                .orElseThrow(() -> new StoreException("there is no run " + runId + " in " + shown, null));
    }

    /** Writes a run as JSON Lines (see {@code docs/storage.md}). */
    public synchronized void exportRun(String runId, Writer out) throws IOException {
        ensureOpen();
        try {
            RunSummary run = RunQueries.run(connection, runId).orElseThrow(() ->
                    new StoreException("there is no run " + runId + " in " + shown, null));
            RunTransfer.export(connection, run, existing(runId), out);
        } catch (SQLException e) {
            throw failure("cannot export run " + runId, e);
        }
    }

    /** Reads a run written by {@link #exportRun}; returns its id here: its own if free, else a new one. */
    public synchronized String importRun(BufferedReader in) throws IOException {
        ensureOpen();
        try {
            connection.setAutoCommit(false);
            try {
                return RunTransfer.importRun(connection, in, dialect, id -> run(id).isPresent(),
                        () -> UUID.randomUUID().toString());
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("cannot import a run", e);
        }
    }

    /**
     * Deletes runs and their events; returns how many runs there were. Runs still being recorded are refused. The
     * freed space is reused by later writes, and the file shrinks when the store is closed (see
     * {@code docs/storage.md}).
     */
    public synchronized int delete(Collection<String> runIds) {
        ensureOpen();
        for (String id : runIds) {
            if (recordings.containsKey(id)) {
                throw new StoreException("run " + id + " is still being recorded; stop it before deleting it", null);
            }
        }
        int deleted = 0;
        // A delete copies every removed row into H2's undo log and rewrites pages; with H2's default retention
        // (45 s) none of that space is reused until long after, and deleting 400,000 events grew the file from
        // 128 MB to 768 MB. For the delete only, freed space is reused at once (see docs/storage.md).
        setRetention(0);
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure("cannot delete runs", e);
        }
        try (PreparedStatement events = connection.prepareStatement(
                        "DELETE FROM event_blocks WHERE id BETWEEN ? AND ?");
                PreparedStatement lines = connection.prepareStatement(
                        "DELETE FROM event_block_lines WHERE id BETWEEN ? AND ?");
                PreparedStatement checks = connection.prepareStatement("DELETE FROM permission_counts WHERE run_no = ?");
                PreparedStatement kinds = connection.prepareStatement("DELETE FROM run_kinds WHERE run_no = ?");
                PreparedStatement blocks = connection.prepareStatement(
                        "DELETE FROM context_blocks WHERE id BETWEEN ? AND ?");
                PreparedStatement runs = connection.prepareStatement("DELETE FROM runs WHERE no = ?")) {
            for (String id : runIds) {
                OptionalInt no = RunQueries.runNo(connection, id);
                if (no.isEmpty()) {
                    continue;
                }
                int n = no.getAsInt();
                // In slices with a commit each: one transaction over a million events would hold them all in undo.
                long last = RunQueries.lastSeq(connection, n);
                for (long from = 0; from <= last; from += DELETE_SLICE) {
                    for (PreparedStatement ps : List.of(events, lines)) {
                        ps.setLong(1, RunQueries.first(n, from));
                        ps.setLong(2, RunQueries.last(n, from + DELETE_SLICE - 1));
                        ps.executeUpdate();
                    }
                    connection.commit();
                }
                blocks.setLong(1, RunQueries.first(n, 0));
                blocks.setLong(2, RunQueries.last(n, Long.MAX_VALUE));
                blocks.executeUpdate();
                checks.setInt(1, n);
                checks.executeUpdate();
                kinds.setInt(1, n);
                kinds.executeUpdate();
                runs.setInt(1, n);
                deleted += runs.executeUpdate();
                connection.commit();
            }
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("cannot delete runs", e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // the connection is broken; the next call says so
            }
            setRetention(RETENTION_MILLIS);
        }
    }

    private void setRetention(int millis) {
        if (dialect != Dialect.H2) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SET RETENTION_TIME " + millis);
        } catch (SQLException e) {
            throw failure("cannot set the retention time", e);
        }
    }

    /**
     * Marks runs whose recording process is gone as {@code interrupted}. A run owned by a live process (another
     * Bridle sharing the file, or a recording open in this one) is left alone.
     */
    private static void recoverCrashedRuns(String url, Dialect dialect, Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            recoverCrashedRuns(url, dialect, c, ProcessHandle.current().pid());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void recoverCrashedRuns(String url, Dialect dialect, Connection c, long self) throws SQLException {
        List<Integer> crashed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, owner_pid, owner_started_at, no FROM runs WHERE outcome IS NULL");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                long pid = rs.getLong(2);
                boolean owned = !rs.wasNull();
                Timestamp started = rs.getTimestamp(3);
                Instant since = started == null ? null : started.toInstant();
                // An H2 run of this very process is live only if one of its stores records it.
                boolean live = owned && (dialect == Dialect.H2 && pid == self ? LIVE.contains(url + " " + id)
                        : dialect.alive(c, pid, since));
                if (!live) {
                    crashed.add(rs.getInt(4));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET outcome = ?, reason = ?,"
                + " ended_at = COALESCE((SELECT last_at FROM event_blocks WHERE id BETWEEN ? AND ?"
                + " ORDER BY id DESC LIMIT 1), started_at), steps = COALESCE((SELECT last_step FROM event_blocks"
                + " WHERE id BETWEEN ? AND ?"
                + " ORDER BY id DESC LIMIT 1), 0), owner_pid = NULL, owner_started_at = NULL"
                + " WHERE no = ? AND outcome IS NULL")) {
            for (int no : crashed) {
                ps.setString(1, Outcome.INTERRUPTED.word());
                ps.setString(2, CRASHED);
                ps.setLong(3, RunQueries.first(no, 0));
                ps.setLong(4, RunQueries.last(no, Long.MAX_VALUE));
                ps.setLong(5, RunQueries.first(no, 0));
                ps.setLong(6, RunQueries.last(no, Long.MAX_VALUE));
                ps.setInt(7, no);
                ps.executeUpdate();
            }
        }
    }

    static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    private static int positive(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
        }
        return buckets;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the run store at " + shown + " is closed", null);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(what + " in " + shown + ": " + Credentials.redact(firstLine(e.getMessage())), e);
    }

    /**
     * Writes what is queued, records runs still open as {@code interrupted}, stops the writer (a poison pill, never an
     * interrupt) and closes the database.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            for (Recording r : List.copyOf(recordings.values())) {
                try {
                    r.abandon(STORE_CLOSED);
                } catch (StoreException e) {
                    // The writer failed earlier and said so to the run it was writing; closing goes on.
                }
            }
        } finally {
            closed = true;
            writer.stop();
            closeQuietly(writer.connection());
            try {
                connection.close();
            } catch (SQLException e) {
                throw failure("cannot close the run store", e);
            }
        }
    }
}
