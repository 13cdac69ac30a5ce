package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.Samples;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import dev.bridle.scenario.ScenarioRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedRunReadsBackFieldByField() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:15:30.123Z"), ZoneOffset.UTC);
        List<RunEvent> emitted = new ArrayList<>();
        String url = RunStore.fileUrl(dir.resolve("runs"));
        try (RunStore store = RunStore.open(url)) {
            ScenarioRunner.Report report = new ScenarioRunner(Optional.of(store), clock, () -> "run-1")
                    .run(Samples.scenario("runaway-agent", "loops-forever"), emitted::add);
            assertThat(report.runId()).contains("run-1");
        }
        assertThat(Files.exists(dir.resolve("runs.mv.db"))).isTrue();
        try (RunStore store = RunStore.open(url)) {
            List<RunEvent> stored = store.events("run-1");
            assertThat(stored).hasSize(emitted.size());
            for (int i = 0; i < emitted.size(); i++) {
                assertThat(stored.get(i)).usingRecursiveComparison().isEqualTo(emitted.get(i));
                assertThat(stored.get(i)).isEqualTo(emitted.get(i));
            }
            RunSummary run = store.run("run-1").orElseThrow();
            assertThat(run.harness()).isEqualTo("runaway-agent");
            assertThat(run.model()).isEqualTo("mock:loops-forever");
            assertThat(run.harnessDigest()).hasSize(64);
            assertThat(run.startedAt()).isEqualTo(clock.instant());
            assertThat(run.endedAt()).contains(clock.instant());
            assertThat(run.outcome()).contains(Outcome.STOPPED);
            assertThat(run.rule()).isEqualTo("budget");
            assertThat(run.reason()).isEqualTo("guard 'budget' (steps=12 (limit steps.max=12))");
            assertThat(run.steps()).isEqualTo(12);
            assertThat(store.runs()).extracting(RunSummary::id).containsExactly("run-1");
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearError() {
        assertThatThrownBy(() -> RunStore.open("jdbc:h2:file:/proc/no-such-dir/runs"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open the run store at jdbc:h2:file:/proc/no-such-dir/runs");
    }

    @Test
    void anInMemoryStoreLivesExactlyAsLongAsItIsOpen() {
        String url = "jdbc:h2:mem:bridle-store-test";
        List<RunEvent> events = SyntheticRun.of(100, RecordingTest.T0);
        try (RunStore store = RunStore.open(url)) {
            try (Recording r = store.begin(RecordingTest.start("r"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            assertThat(store.events("r")).containsExactlyElementsOf(events);
            assertThat(store.run("r").orElseThrow().outcome()).contains(Outcome.STOPPED);
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.runs()).isEmpty();
        }
    }

    @Test
    void anH2UrlGetsTheCloseCompactionUnlessItSetsItsOwn() {
        assertThat(RunStore.tuned("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE;MAX_COMPACT_TIME=2000");
        assertThat(RunStore.tuned("jdbc:h2:file:/tmp/x;max_compact_time=50"))
                .isEqualTo("jdbc:h2:file:/tmp/x;max_compact_time=50");
    }

    @Test
    void aCommandThatRecordsKeepsASmallPageCacheAndEveryOtherOpenGetsH2sOwnBack() throws Exception {
        // H2 keeps CACHE_SIZE in the file: a reader opened after a recording command must not inherit 1 MB.
        String url = RunStore.fileUrl(dir.resolve("runs"));
        try (RunStore store = RunStore.openToRecord(url, Durability.BATCHED)) {
            assertThat(cacheKb(url)).isEqualTo(RunStore.RECORDING_CACHE_KB);
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(cacheKb(url)).isEqualTo(RunStore.READING_CACHE_KB);
        }
        // A URL that names its cache keeps it.
        try (RunStore store = RunStore.openToRecord(url + ";CACHE_SIZE=4096", Durability.BATCHED)) {
            assertThat(cacheKb(url)).isEqualTo(4096);
        }
    }

    @Test
    void aCommandThatRecordsThroughAnotherProcesssServerLeavesThatProcesssCacheAlone() throws Exception {
        // The workbench holds the file; `bridle run` reaches it through the workbench's AUTO_SERVER. Its small
        // cache is a setting of the whole database, so it must not shrink the workbench's.
        String url = RunStore.fileUrl(dir.resolve("runs"));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("open");
            try (RunStore store = RunStore.openToRecord(url, Durability.BATCHED)) {
                List<RunEvent> events = SyntheticRun.of(200, RecordingTest.T0);
                try (Recording r = store.begin(RecordingTest.start("through-the-server"), Durability.BATCHED)) {
                    events.forEach(r::accept);
                }
                assertThat(store.events("through-the-server")).containsExactlyElementsOf(events);
                assertThat(cacheKb(url)).isEqualTo(RunStore.READING_CACHE_KB);
            }
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int cacheKb(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : -1;
        }
    }
}
