package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timeline reads on a store holding one run of 1,000,000 events and 2,000 short runs, generated once per trial in a
 * temporary folder: a page of 200 events anywhere in the big run (plain and filtered), its context-size series in
 * 1,000 buckets, and the run list. {@code -p kind=POSTGRESQL} runs the same on the test PostgreSQL server
 * ({@link TestPostgres}) instead of an H2 file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RunStoreReadBench {

    static final int BIG = 1_000_000;
    static final int SMALL_RUNS = 2_000;
    static final String BIG_RUN = "big";

    /** Which database: an H2 file (the default) or PostgreSQL. */
    @Param({"H2"})
    public StoreKind kind;

    private Path dir;
    private RunStore store;
    private long lastSeq;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("bridle-read-bench");
        String url = kind.url(dir);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        RunStore.open(url).close();
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties())) {
            c.setAutoCommit(false);
            List<RunEvent> big = SyntheticRun.of(BIG, t0);
            lastSeq = big.getLast().seq();
            insert(c, BIG_RUN, "big-harness", t0, big);
            List<RunEvent> small = SyntheticRun.of(30, t0);
            for (int i = 0; i < SMALL_RUNS; i++) {
                insert(c, "small-" + i, "harness-" + (i % 20), t0.plus(Duration.ofMinutes(i)), small);
            }
            if (kind == StoreKind.POSTGRESQL) {
                // What autovacuum does shortly after a bulk write: statistics, and the visibility map that lets the
                // covering indexes answer alone. Without it the first minutes measure a table nobody has analysed.
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM ANALYZE");
                }
            }
        }
        store = RunStore.open(url);
    }

    private static void insert(Connection c, String id, String harness, Instant at, List<RunEvent> events)
            throws SQLException {
        try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, harness_name, harness_digest, model,"
                + " started_at, ended_at, outcome, reason, rule, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            run.setString(1, id);
            run.setString(2, harness);
            run.setString(3, "0".repeat(64));
            run.setString(4, "mock:synthetic");
            run.setTimestamp(5, Timestamp.from(at));
            run.setTimestamp(6, Timestamp.from(at.plusSeconds(60)));
            run.setString(7, (id.hashCode() & 1) == 0 ? Outcome.STOPPED.word() : Outcome.COMPLETED.word());
            run.setString(8, "guard 'budget'");
            run.setString(9, "budget");
            run.setInt(10, events.getLast().step());
            run.executeUpdate();
        }
        int no = RunQueries.runNo(c, id).orElseThrow();
        try (EventBlocks blocks = new EventBlocks(Dialect.of(c.getMetaData().getURL()))) {
            int batched = 0;
            for (RunEvent e : events) {
                blocks.add(no, e, EventJson.write(e));
                if (++batched == 10_000) {
                    blocks.write(c, true);
                    c.commit();
                    batched = 0;
                }
            }
            blocks.write(c, true);
            c.commit();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private long anywhere() {
        return 1 + ThreadLocalRandom.current().nextLong(lastSeq - 200);
    }

    /** The workbench opening a run of a million events in the inspector: first page, chart series, checks. */
    @Benchmark
    public dev.bridle.app.inspect.RunInspection openInTheInspector() {
        return dev.bridle.app.inspect.RunInspection.read(store, BIG_RUN, 1000);
    }

    @Benchmark
    public List<RunEvent> pageOf200() {
        return store.events(BIG_RUN, EventQuery.from(anywhere(), 200));
    }

    @Benchmark
    public List<RunEvent> pageOf200ToolCompletions() {
        return store.events(BIG_RUN, EventQuery.from(anywhere(), 200).kinds("tool.completed"));
    }

    @Benchmark
    public List<RunEvent> pageOf200OfOneAgent() {
        return store.events(BIG_RUN, EventQuery.from(anywhere(), 200).agent("reviewer"));
    }

    // H2 reuses the last result of a statement run again with the same parameters on unchanged tables; the chart
    // and run-list benchmarks vary a parameter so that every call is computed.
    private int around(int n) {
        return n - 16 + ThreadLocalRandom.current().nextInt(32);
    }

    @Benchmark
    public List<ContextBucket> contextSeriesIn1000Buckets() {
        return store.contextSeries(BIG_RUN, around(1000));
    }

    @Benchmark
    public List<ContextBucket> contextSeriesOfAZoomedWindow() {
        long from = anywhere() / 2;
        return store.contextSeries(BIG_RUN, from, from + 50_000, around(1000));
    }

    @Benchmark
    public List<RunSummary> runList() {
        return store.runs(RunFilter.all().limit(around(RunFilter.DEFAULT_LIMIT)));
    }

    @Benchmark
    public List<RunSummary> runListOfOneHarness() {
        return store.runs(RunFilter.all().harness("harness-7").limit(around(100)));
    }
}
