package dev.bridle.store;

import static dev.bridle.store.RecordingTest.T0;
import static dev.bridle.store.RecordingTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.cli.Main;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kinds each run holds ({@code run_kinds}, V4), on both stores: written with the run's blocks, used by every page
 * filtered by kind, kept right through a kill and a resume, an import and a delete.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class RunKindsTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    private String url(String name) {
        return kind.url(dir, name);
    }

    private static void record(RunStore store, String id, List<RunEvent> events) {
        try (Recording r = store.begin(start(id), Durability.BATCHED)) {
            events.forEach(r::accept);
        }
    }

    /** Each kind of {@code events} with its first event's sequence number: what the writer keeps. */
    static Map<String, Long> firstOfEachKind(List<RunEvent> events) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (RunEvent e : events) {
            out.putIfAbsent(e.kind(), e.seq());
        }
        return out;
    }

    /** The rows of {@code run_kinds} of run {@code runId}, read with a connection of its own. */
    static Map<String, Long> storedKinds(String url, String runId) throws SQLException {
        Credentials login = Credentials.of(url);
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                PreparedStatement ps = c.prepareStatement("SELECT k.kind, k.first_seq FROM run_kinds k"
                        + " JOIN runs r ON r.no = k.run_no WHERE r.id = ? ORDER BY k.first_seq, k.kind")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static long rowsOfRunNumber(String url, int runNo) throws SQLException {
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_kinds WHERE run_no = ?")) {
            ps.setInt(1, runNo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int runNo(String url, String runId) throws SQLException {
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties())) {
            return RunQueries.runNo(c, runId).orElseThrow();
        }
    }

    @Test
    void aKindTheRunDoesNotHoldGivesAnEmptyPageWithoutReadingABlock() throws Exception {
        String url = url("runs");
        List<RunEvent> events = SyntheticRun.of(20_000, T0);
        try (RunStore store = RunStore.open(url)) {
            record(store, "long", events);
        }
        // Every block now claims to hold a compaction, and none holds a readable event: a scan of the blocks would
        // read them and fail; the run's kinds say it holds no compaction, so no block is read. (On PostgreSQL the
        // bound is inside the page's query, so this sees that no block's lines are read; that the summaries are not
        // scanned either is PostgreSQL's NULL index bound, shown by EXPLAIN ANALYZE in docs/storage.md.)
        int no = runNo(url, "long");
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE event_blocks SET kinds = kinds || 'context.compacted|' WHERE run_no = " + no);
            s.executeUpdate("UPDATE event_block_lines SET lines = 'not an event' WHERE id BETWEEN "
                    + EventColumns.key(no, 0) + " AND " + EventColumns.key(no, EventColumns.SEQ_LIMIT - 1));
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.events("long", EventQuery.from(1, 1_000).kinds("context.compacted"))).isEmpty();
            assertThat(store.events("long", EventQuery.from(1, 1_000).kinds("permission.checked",
                    "approval.requested"))).isEmpty();
            // The control: a kind the run holds is read from those same blocks.
            assertThatThrownBy(() -> store.events("long", EventQuery.from(1, 10).kinds("model.requested")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("does not start with its kind");
        }
    }

    @Test
    void aKindThatFirstAppearsAtTheEndOfALongRunIsFound() throws Exception {
        String url = url("runs");
        List<RunEvent> events = SyntheticRun.of(30_000, T0);
        RunEvent guard = events.stream().filter(RunEvent.GuardTriggered.class::isInstance).findFirst().orElseThrow();
        assertThat(guard.seq()).as("the synthetic run's only guard event is near its end").isGreaterThan(29_000);
        List<RunEvent> decided = new ArrayList<>();
        SyntheticRun withDecisions = SyntheticRun.withDecisions(T0);
        withDecisions.begin(decided::add);
        while (decided.size() < 3_000) {
            withDecisions.step(decided::add);
        }
        withDecisions.end(decided::add);
        try (RunStore store = RunStore.open(url)) {
            record(store, "long", events);
            record(store, "decided", decided);
            assertThat(store.events("long", EventQuery.from(1, 100).kinds("guard.triggered"))).containsExactly(guard);
            assertThat(store.events("long", EventQuery.from(1, 100).kinds("guard.triggered", "context.compacted")))
                    .containsExactly(guard);
            assertThat(store.events("long", EventQuery.from(guard.seq() + 1, 100).kinds("guard.triggered")))
                    .isEmpty();
            assertThat(store.events("long", EventQuery.from(1, 100).to(guard.seq() - 1).kinds("guard.triggered")))
                    .isEmpty();
            for (String k : firstOfEachKind(decided).keySet()) {
                assertThat(store.events("decided", EventQuery.from(100, 500).kinds(k))).as(k)
                        .containsExactlyElementsOf(decided.stream().filter(e -> e.kind().equals(k))
                                .filter(e -> e.seq() >= 100).limit(500).toList());
            }
        }
        assertThat(storedKinds(url, "long")).isEqualTo(firstOfEachKind(events));
        assertThat(storedKinds(url, "decided")).isEqualTo(firstOfEachKind(decided));
    }

    @Test
    void aRunKilledMidRecordingAndResumedKeepsItsKindsRight() throws Exception {
        // H2: an OS file lock, released when the process dies (the default URL's lock file costs seconds to reopen).
        String url = kind == StoreKind.H2
                ? "jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath() + ";FILE_LOCK=FS" : url("runs");
        RunStore.open(url).close();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingRecorder.class.getName(), url, "killed")
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int durable = 0;
            for (String line = in.readLine(); line != null && durable < 30; line = in.readLine()) {
                if (line.startsWith("durable ")) {
                    durable++;
                }
            }
            assertThat(durable).as("steps the child saw committed").isEqualTo(30);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        List<RunEvent> all;
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.run("killed").orElseThrow().outcome()).contains(Outcome.INTERRUPTED);
            all = new ArrayList<>(store.events("killed"));
        }
        // Whatever the kill cut, the kinds are those of the events that were committed.
        assertThat(storedKinds(url, "killed")).isEqualTo(firstOfEachKind(all));
        assertThat(storedKinds(url, "killed")).doesNotContainKey("guard.triggered");

        RunEvent last = all.getLast();
        Instant at = last.at().plusMillis(5);
        List<RunEvent> more = List.of(
                new RunEvent.ModelRequested(last.seq() + 1, at, last.step() + 1, "code", "coder", 3, 900),
                new RunEvent.GuardTriggered(last.seq() + 2, at, last.step() + 1, "code", "coder", "budget", "stop",
                        "steps.max=" + (last.step() + 1)),
                new RunEvent.RunEnded(last.seq() + 3, at, last.step() + 1, Outcome.STOPPED, "guard 'budget'",
                        "budget"));
        try (RunStore store = RunStore.open(url)) {
            try (Recording r = store.resume("killed", Durability.BATCHED).orElseThrow()) {
                // model.requested is already in the run's kinds from before the kill; guard.triggered is new.
                more.forEach(r::accept);
            }
            all.addAll(more);
            assertThat(store.events("killed")).containsExactlyElementsOf(all);
            assertThat(store.events("killed", EventQuery.from(1, 10).kinds("guard.triggered")))
                    .containsExactly(more.get(1));
            assertThat(store.run("killed").orElseThrow().outcome()).contains(Outcome.STOPPED);
        }
        assertThat(storedKinds(url, "killed")).isEqualTo(firstOfEachKind(all));
    }

    @Test
    void anImportedRunGetsTheKindsOfTheOriginal() throws Exception {
        String a = url("a");
        String b = url("b");
        List<RunEvent> events = SyntheticRun.of(5_000, T0);
        StringWriter jsonl = new StringWriter();
        String copy;
        try (RunStore store = RunStore.open(a)) {
            record(store, "r1", events);
            store.exportRun("r1", jsonl);
            copy = store.importRun(new BufferedReader(new StringReader(jsonl.toString())));
        }
        try (RunStore store = RunStore.open(b)) {
            assertThat(store.importRun(new BufferedReader(new StringReader(jsonl.toString())))).isEqualTo("r1");
            StringWriter again = new StringWriter();
            store.exportRun("r1", again);
            assertThat(again.toString()).isEqualTo(jsonl.toString());
            assertThat(store.events("r1", EventQuery.from(1, 10).kinds("guard.triggered", "node.exited")))
                    .containsExactlyElementsOf(events.stream().filter(e -> e.kind().equals("guard.triggered")
                            || e.kind().equals("node.exited")).limit(10).toList());
        }
        assertThat(storedKinds(a, copy)).isEqualTo(firstOfEachKind(events));
        assertThat(storedKinds(b, "r1")).isEqualTo(storedKinds(a, "r1")).isEqualTo(firstOfEachKind(events));
    }

    @Test
    void deletingAndPruningRunsLeaveNoKindsBehind() throws Exception {
        String url = url("runs");
        List<RunEvent> events = SyntheticRun.of(2_000, T0);
        try (RunStore store = RunStore.open(url)) {
            record(store, "deleted", events);
            record(store, "pruned", events);
            record(store, "kept", events);
        }
        int deleted = runNo(url, "deleted");
        int pruned = runNo(url, "pruned");
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.delete(List.of("deleted"))).isEqualTo(1);
        }
        assertThat(rowsOfRunNumber(url, deleted)).isZero();

        // The two left started at T0 (November 2026); "kept" is moved to now, so that only "pruned" is old.
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                PreparedStatement ps = c.prepareStatement("UPDATE runs SET started_at = ? WHERE id = 'kept'")) {
            ps.setTimestamp(1, EventColumns.millis(Instant.now()));
            ps.executeUpdate();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"runs", "prune", "--older-than", "1d", "--db", url},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("deleted 1 runs started before ");
        assertThat(rowsOfRunNumber(url, pruned)).isZero();
        assertThat(storedKinds(url, "kept")).isEqualTo(firstOfEachKind(events));
    }
}
