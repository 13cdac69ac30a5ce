package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes into a shared store (PostgreSQL by default, {@code -p kind=H2} for the file): 20,000 events of a synthetic run
 * per operation. {@code batchedWriter} goes through {@link Recording} and the writer thread; {@code rawJdbcBatch}
 * inserts the same rows into the same table with plain JDBC batches on the calling thread, one commit per
 * {@link RunWriter#BATCH}, on the same URL (so with the same driver settings), as the yardstick.
 * {@code fourWriters} runs four writers at once, each with its own store (its own connections and writer thread, as
 * four gateways have); JMH reports their sum, so one writer's share is the score divided by four. Scores are events
 * per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SharedStoreWriteBench.EVENTS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SharedStoreWriteBench {

    static final int EVENTS = 20_000;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Param({"POSTGRESQL"})
    public StoreKind kind;

    String url;
    List<RunEvent> events;
    private Path dir;
    private RunStore store;
    private Connection raw;
    private Dialect dialect;

    /** One writer of {@code fourWriters}: a store of its own. */
    @State(Scope.Thread)
    public static class Writer {
        RunStore store;

        @Setup(Level.Trial)
        public void open(SharedStoreWriteBench bench) {
            store = RunStore.open(bench.url);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("bridle-shared-write-bench");
        url = kind.url(dir);
        store = RunStore.open(url);
        dialect = Dialect.of(url);
        Credentials login = Credentials.of(url);
        raw = DriverManager.getConnection(RunStore.tuned(login.url()), login.properties());
        raw.setAutoCommit(false);
        events = SyntheticRun.of(EVENTS, Instant.parse("2026-11-23T10:00:00Z"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        raw.close();
        store.close();
    }

    private RunStart start() {
        return new RunStart("run-" + RUNS.incrementAndGet(), "synthetic", "0".repeat(64), "mock:synthetic",
                events.getFirst().at());
    }

    private void record(RunStore into) {
        try (Recording r = into.begin(start(), Durability.BATCHED)) {
            events.forEach(r::accept);
        }
    }

    @Benchmark
    public void batchedWriter() {
        record(store);
    }

    @Benchmark
    @Threads(4)
    public void fourWriters(Writer writer) {
        record(writer.store);
    }

    @Benchmark
    public void rawJdbcBatch() throws SQLException {
        RunStart s = start();
        try (PreparedStatement run = raw.prepareStatement(
                "INSERT INTO runs (id, harness_name, harness_digest, model, started_at) VALUES (?, ?, ?, ?, ?)")) {
            run.setString(1, s.id());
            run.setString(2, s.harness());
            run.setString(3, s.harnessDigest());
            run.setString(4, s.model());
            run.setTimestamp(5, Timestamp.from(s.startedAt()));
            run.executeUpdate();
            raw.commit();
        }
        int no = RunQueries.runNo(raw, s.id()).orElseThrow();
        try (EventBlocks blocks = new EventBlocks(dialect)) {
            int batched = 0;
            for (RunEvent e : events) {
                blocks.add(no, e, EventJson.write(e));
                if (++batched == RunWriter.BATCH) {
                    blocks.write(raw, true);
                    raw.commit();
                    batched = 0;
                }
            }
            blocks.write(raw, true);
            raw.commit();
        }
        try (Statement st = raw.createStatement()) {
            st.executeUpdate("UPDATE runs SET outcome = 'stopped' WHERE id = '" + s.id() + "'");
            raw.commit();
        }
    }
}
