package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

    @TempDir
    Path dir;

    @Test
    void aStoreOfTheFirstSchemaIsMigratedAndKeepsItsRuns() throws Exception {
        String url = RunStore.fileUrl(dir.resolve("runs"));
        Flyway.configure().dataSource(url, "sa", "").locations(Schema.LOCATION).target("1").load().migrate();
        List<RunEvent> events = SyntheticRun.of(300, RecordingTest.T0);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO runs (id, harness_name, harness_digest, model, started_at, ended_at,"
                        + " outcome, reason, rule, steps) VALUES ('old', 'h', 'd', 'm', TIMESTAMP WITH TIME ZONE"
                        + " '2026-11-23 10:00:00Z', NULL, NULL, NULL, NULL, 0)");
            }
            // The V1 layout: events keyed by (run_id, seq).
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (run_id, seq, at, step, kind, agent,"
                    + " node, context_tokens, rule, payload, tool, effect, tokens_in, tokens_out)"
                    + " VALUES ('old', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunEvent e : events) {
                    ps.setLong(1, e.seq());
                    ps.setTimestamp(2, Timestamp.from(e.at()));
                    ps.setInt(3, e.step());
                    ps.setString(4, e.kind());
                    ps.setString(5, e.agent());
                    ps.setString(6, e.node());
                    ps.setObject(7, e instanceof RunEvent.ModelRequested m ? m.contextTokens() : null);
                    ps.setString(8, e.rule());
                    ps.setString(9, EventJson.write(e));
                    ps.setString(10, switch (e) {
                        case RunEvent.ToolRequested t -> t.tool();
                        case RunEvent.ToolCompleted t -> t.tool();
                        default -> null;
                    });
                    ps.setString(11, switch (e) {
                        case RunEvent.ToolCompleted t -> t.ok() ? "ok" : "error";
                        case RunEvent.GuardTriggered g -> g.verdict();
                        case RunEvent.RunEnded r -> r.outcome().word();
                        default -> null;
                    });
                    ps.setObject(12, e instanceof RunEvent.ModelResponded m ? m.tokensIn() : null);
                    ps.setObject(13, e instanceof RunEvent.ModelResponded m ? m.tokensOut() : null);
                    ps.executeUpdate();
                }
            }
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.events("old")).containsExactlyElementsOf(events);
            assertThat(store.events("old", EventQuery.from(1, 10).rule("budget"))).hasSize(2);
            assertThat(store.contextSeries("old", 2).stream().mapToInt(ContextBucket::requests).sum())
                    .isEqualTo(events.stream().filter(RunEvent.ModelRequested.class::isInstance).count());
            // V1 knew no owner: the open run is taken as crashed.
            assertThat(store.run("old").orElseThrow().outcome()).contains(Outcome.INTERRUPTED);
            try (Recording r = store.begin(RecordingTest.start("new"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            assertThat(store.firstDivergence("old", "new")).isEmpty();
        }
    }

    @Test
    void aStoreWrittenByANewerBridleIsRefusedWithAWayOut() throws Exception {
        String url = RunStore.fileUrl(dir.resolve("runs"));
        RunStore.open(url).close();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (100, '7', 'from the future', 'SQL', 'V7__from_the_future.sql', 1, 'sa', 1, TRUE)");
        }
        assertThatThrownBy(() -> RunStore.open(url))
                .isInstanceOf(StoreException.class)
                .hasMessage("the run store at " + url + " was written by a newer Bridle (schema version 7; this"
                        + " Bridle knows up to 4): upgrade Bridle or use another --db");
    }

    @Test
    void theVersionThisBuildKnowsIsItsNewestMigration() {
        for (String url : List.of("jdbc:h2:mem:schema-h2", "jdbc:postgresql://x/y")) {
            Flyway flyway = Flyway.configure().dataSource("jdbc:h2:mem:schema-version;DB_CLOSE_DELAY=-1", "sa", "")
                    .locations(Schema.locations(url)).javaMigrations(new EventBlocksMigration()).load();
            assertThat(Arrays.stream(flyway.info().all()).map(m -> m.getVersion()).max(Comparator.naturalOrder()))
                    .as("the newest migration for %s", url)
                    .contains(MigrationVersion.fromVersion(Schema.VERSION));
        }
    }

    @Test
    void aStoreAtThisSchemaIsOpenedWithoutMigratingAndAnOlderOneIsMigrated() throws Exception {
        String url = RunStore.fileUrl(dir.resolve("runs"));
        Flyway.configure().dataSource(url, "sa", "").locations(Schema.LOCATION).target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(Schema.current(c)).isFalse();
        }
        RunStore.open(url).close();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(Schema.current(c)).isTrue();
            // A failed migration in the history is Flyway's to report, not skipped.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '3'");
            }
            assertThat(Schema.current(c)).isFalse();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:empty", "sa", "")) {
            assertThat(Schema.current(c)).isFalse();
        }
    }
}
