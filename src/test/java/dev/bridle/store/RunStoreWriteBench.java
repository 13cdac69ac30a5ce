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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes into the file database: 100,000 events of a synthetic run per operation, through the batched writer (both
 * durability modes) and, as the yardstick, as a raw JDBC batch insert of the same rows on the calling thread. Scores
 * are events per second. The raw insert maintains the context blocks too, as any writer of events must.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RunStoreWriteBench.EVENTS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RunStoreWriteBench {

    static final int EVENTS = 100_000;

    private Path dir;
    private RunStore store;
    private Connection raw;
    private List<RunEvent> events;
    private int runs;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("bridle-write-bench");
        String url = RunStore.fileUrl(dir.resolve("runs"));
        store = RunStore.open(url);
        raw = DriverManager.getConnection(url, "sa", "");
        raw.setAutoCommit(false);
        events = SyntheticRun.of(EVENTS, Instant.parse("2026-11-23T10:00:00Z"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        raw.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private RunStart start() {
        return new RunStart("run-" + runs++, "synthetic", "0".repeat(64), "mock:synthetic", events.getFirst().at());
    }

    @Benchmark
    public void batchedWriter() {
        try (Recording r = store.begin(start(), Durability.BATCHED)) {
            events.forEach(r::accept);
        }
    }

    @Benchmark
    public void writerCommittingEveryStep() {
        try (Recording r = store.begin(start(), Durability.EVERY_STEP)) {
            events.forEach(r::accept);
        }
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
        try (EventBlocks blocks = new EventBlocks(Dialect.H2)) {
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
