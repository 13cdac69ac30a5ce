package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store of the previous schema version (V2, the last shared migration before the vendor folders) is migrated by
 * this build on both databases, keeps its runs, and records new ones after them; PostgreSQL also runs its own
 * migration from {@code db/vendor/postgresql}, H2 does not.
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
            assertThat(applied).startsWith("1", "2", "2.1", "3", "3.1");
        } else {
            assertThat(applied).startsWith("1", "2", "3", "3.1").doesNotContain("2.1");
        }
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
}
