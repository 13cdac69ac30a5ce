package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store of an older schema version is migrated by this build on both databases: one of V3 gets the kinds of its
 * runs from V4 ({@code run_kinds}); one of V2 (the last shared migration before the vendor folders) keeps its runs,
 * gets their kinds and records new ones after them; PostgreSQL also runs its own migration from
 * {@code db/vendor/postgresql}, H2 does not.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class SchemaUpgradeTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    @Test
    void aStoreOfTheSecondSchemaIsPackedIntoBlocksAndKeepsItsRuns() throws Exception {
        String url = kind.url(dir);
        Credentials login = Credentials.of(url);
        Flyway.configure().dataSource(url, login.user(), login.password()).locations(Schema.locations(url))
                .target("2").load().migrate();
        List<RunEvent> events = SyntheticRun.of(6_000, RecordingTest.T0);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties())) {
            // V2 as a Bridle of that version wrote it: a finished run with its events and context blocks, and a run
            // left open by a process that is gone.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO runs (id, harness_name, harness_digest, model, started_at, ended_at,"
                        + " outcome, reason, rule, steps) VALUES ('old', 'h', 'd', 'm', TIMESTAMP WITH TIME ZONE"
                        + " '2026-11-23 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-23 10:05:00+00',"
                        + " 'completed', NULL, NULL, " + events.getLast().step() + ")");
                s.executeUpdate("INSERT INTO runs (id, harness_name, harness_digest, model, started_at, owner_pid)"
                        + " VALUES ('left-open', 'h', 'd', 'm', TIMESTAMP WITH TIME ZONE '2026-11-23 11:00:00+00',"
                        + " 2147483646)");
            }
            int no = RunQueries.runNo(c, "old").orElseThrow();
            ContextBlocks blocks = new ContextBlocks(Dialect.of(url));
            try (PreparedStatement ps = c.prepareStatement(V2Events.INSERT)) {
                for (RunEvent e : events) {
                    V2Events.bind(ps, no, e);
                    ps.addBatch();
                    blocks.add(no, e);
                }
                ps.executeBatch();
            }
            blocks.write(c);
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.events("old")).containsExactlyElementsOf(events);
            assertThat(store.run("old").orElseThrow().outcome()).contains(Outcome.COMPLETED);
            assertThat(store.run("left-open").orElseThrow().outcome()).contains(Outcome.INTERRUPTED);
            assertThat(store.contextSeries("old", 4).stream().mapToInt(ContextBucket::requests).sum())
                    .isEqualTo(events.stream().filter(RunEvent.ModelRequested.class::isInstance).count());
            // The blocks hold what the rows held: every filter and the permission summary read the same.
            assertThat(store.events("old", EventQuery.from(4_990, 30).rule("path-scope")))
                    .containsExactlyElementsOf(events.stream().filter(e -> e.seq() >= 4_990)
                            .filter(e -> "path-scope".equals(e.rule())).limit(30).toList());
            assertThat(store.events("old", EventQuery.from(1, 200).kinds("permission.checked")))
                    .containsExactlyElementsOf(events.stream()
                            .filter(RunEvent.PermissionChecked.class::isInstance).limit(200).toList());
            assertThat(store.permissionChecks("old").stream().mapToLong(PermissionCount::checks).sum())
                    .isEqualTo(events.stream().filter(RunEvent.PermissionChecked.class::isInstance).count());
            assertThat(store.lastSeq("old")).isEqualTo(events.getLast().seq());
            try (Recording r = store.begin(RecordingTest.start("new"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            assertThat(store.firstDivergence("old", "new")).isEmpty();
            assertThat(store.runs()).extracting(RunSummary::id).contains("old", "left-open", "new");
        }
        List<String> applied = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        if (kind == StoreKind.POSTGRESQL) {
            assertThat(applied).startsWith("1", "2", "2.1", "3", "3.1", "4");
        } else {
            assertThat(applied).startsWith("1", "2", "3", "3.1", "4").doesNotContain("2.1");
        }
        // V4 found the kinds of the migrated run in its blocks; the writer wrote those of the new run.
        assertKindsFromBlocks(url, "old", events);
        assertThat(RunKindsTest.storedKinds(url, "new")).isEqualTo(RunKindsTest.firstOfEachKind(events));
        // Packed, 64 events a block (the migration's chunks of 5,000 events do not cut blocks), and V2's rows gone.
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(events) FROM event_blocks b"
                        + " JOIN runs r ON r.no = b.run_no WHERE r.id = 'old'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo((events.size() + EventBlocks.SIZE - 1) / EventBlocks.SIZE);
            assertThat(rs.getLong(2)).isEqualTo(events.size());
            assertThat(c.getMetaData().getTables(null, null, "EVENTS", null).next()
                    || c.getMetaData().getTables(null, null, "events", null).next()).isFalse();
        }
    }

    @Test
    void aStoreOfTheThirdSchemaGetsTheKindsOfItsRunsFromItsBlocks() throws Exception {
        String url = kind.url(dir);
        Credentials login = Credentials.of(url);
        Flyway.configure().dataSource(url, login.user(), login.password()).locations(Schema.locations(url))
                .javaMigrations(new EventBlocksMigration()).target("3.1").load().migrate();
        List<RunEvent> plain = SyntheticRun.of(3_000, RecordingTest.T0);
        List<RunEvent> decided = new ArrayList<>();
        SyntheticRun run = SyntheticRun.withDecisions(RecordingTest.T0);
        run.begin(decided::add);
        while (decided.size() < 4_000) {
            run.step(decided::add);
        }
        run.end(decided::add);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties())) {
            c.setAutoCommit(false);
            // As a V3 Bridle wrote them: blocks cut by commits of 100 events (so not every block starts at a multiple
            // of 64), and no run_kinds.
            writeV3(c, "plain", plain);
            writeV3(c, "decided", decided);
            writeV3(c, "empty", List.of());
        }
        try (RunStore store = RunStore.open(url)) {
            for (String k : RunKindsTest.firstOfEachKind(decided).keySet()) {
                assertThat(store.events("decided", EventQuery.from(1, 300).kinds(k))).as(k)
                        .containsExactlyElementsOf(decided.stream().filter(e -> e.kind().equals(k)).limit(300)
                                .toList());
            }
            assertThat(store.events("plain", EventQuery.from(1, 10).kinds("guard.triggered", "permission.checked")))
                    .containsExactlyElementsOf(plain.stream().filter(RunEvent.GuardTriggered.class::isInstance)
                            .toList());
            assertThat(store.events("plain", EventQuery.from(1, 10).kinds("permission.checked"))).isEmpty();
            assertThat(store.events("empty", EventQuery.from(1, 10).kinds("run.started"))).isEmpty();
        }
        assertKindsFromBlocks(url, "plain", plain);
        assertKindsFromBlocks(url, "decided", decided);
        assertThat(RunKindsTest.storedKinds(url, "empty")).isEmpty();
    }

    private static void writeV3(Connection c, String id, List<RunEvent> events) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, harness_name, harness_digest, model,"
                + " started_at, outcome, steps) VALUES (?, 'h', 'd', 'm', ?, 'completed', 0)")) {
            ps.setString(1, id);
            ps.setTimestamp(2, EventColumns.millis(RecordingTest.T0));
            ps.executeUpdate();
        }
        int no = RunQueries.runNo(c, id).orElseThrow();
        try (EventBlocks blocks = EventBlocks.withoutRunKinds(Dialect.of(c.getMetaData().getURL()))) {
            int batched = 0;
            for (RunEvent e : events) {
                blocks.add(no, e, EventJson.write(e));
                if (++batched % 100 == 0) {
                    blocks.write(c, true);
                }
            }
            blocks.write(c, true);
        }
        c.commit();
    }

    /**
     * The kinds V4 found for a run stored before it: every kind of its events, each starting at the first sequence
     * number of the block that holds the kind's first event.
     */
    private static void assertKindsFromBlocks(String url, String runId, List<RunEvent> events) throws Exception {
        Map<String, Long> stored = RunKindsTest.storedKinds(url, runId);
        Map<String, Long> exact = RunKindsTest.firstOfEachKind(events);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(exact.keySet());
        Credentials login = Credentials.of(url);
        try (Connection c = DriverManager.getConnection(login.url(), login.properties());
                PreparedStatement ps = c.prepareStatement("SELECT b.first_seq FROM event_blocks b JOIN runs r"
                        + " ON r.no = b.run_no WHERE r.id = ? AND ? BETWEEN b.first_seq AND b.last_seq")) {
            for (Map.Entry<String, Long> e : exact.entrySet()) {
                ps.setString(1, runId);
                ps.setLong(2, e.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(stored.get(e.getKey())).as(e.getKey()).isEqualTo(rs.getLong(1));
                }
            }
        }
    }
}
