package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adversarial review of events in blocks: gaps, odd names, commits mid-block, chained filtered pages. */
class ReviewStoreTest {

    @TempDir
    Path dir;

    private static final String[] AGENTS = {"a|b", "a", "b", "50%", "x_y", "back\\slash", "é日本", "a|b|"};
    private static final String[] RULES = {"r|1", "r", "1", "%", "_", "\\", "ü", null};
    private static final String[] EFFECTS = {"allow", "deny", "ask"};

    private static List<RunEvent> events(boolean gaps) {
        List<RunEvent> out = new ArrayList<>();
        long seq = 0;
        Instant t = RecordingTest.T0;
        for (int i = 0; i < 700; i++) {
            seq += gaps ? 1 + (i % 7 == 0 ? 40 : 0) + (i % 31 == 0 ? 63 : 0) : 1;
            t = t.plusMillis(3);
            String agent = AGENTS[i % AGENTS.length];
            RunEvent e = switch (i % 3) {
                case 0 -> new RunEvent.PermissionChecked(seq, t, i / 3 + 1, "code", agent, "read_file",
                        EFFECTS[i % EFFECTS.length], RULES[(i / 3) % RULES.length], "src/A" + i + ".java");
                case 1 -> new RunEvent.ModelRequested(seq, t, i / 3 + 1, "code", agent, i, 100 + i);
                default -> new RunEvent.NodeEntered(seq, t, i / 3 + 1, "n|" + (i % 5), agent);
            };
            out.add(e);
        }
        return out;
    }

    private static void record(RunStore store, String id, List<RunEvent> events) {
        try (Recording r = store.begin(RecordingTest.start(id), Durability.BATCHED)) {
            int i = 0;
            for (RunEvent e : events) {
                r.accept(e);
                // Commits at odd places, so that blocks end early and pages cross them.
                if (++i % 97 == 0 || i % 130 == 5) {
                    r.flush();
                }
            }
        }
    }

    /** Reads every page of a filtered query, each next page from the last event's seq + 1. */
    private static List<RunEvent> chained(RunStore store, String id, Function<EventQuery, EventQuery> filter,
            int page) {
        List<RunEvent> out = new ArrayList<>();
        long from = 1;
        while (true) {
            List<RunEvent> got = store.events(id, filter.apply(EventQuery.from(from, page)));
            out.addAll(got);
            if (got.size() < page) {
                return out;
            }
            from = got.getLast().seq() + 1;
        }
    }

    @Test
    void filteredPagesAcrossGapsOddNamesAndEarlyCommitsMatchTheEvents() throws Exception {
        List<RunEvent> events = events(true);
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")))) {
            record(store, "g", events);
            assertThat(store.events("g")).containsExactlyElementsOf(events);
            for (int page : new int[] {1, 7, 64, 65, 1000}) {
                assertThat(chained(store, "g", q -> q, page)).containsExactlyElementsOf(events);
                for (String agent : AGENTS) {
                    assertThat(chained(store, "g", q -> q.agent(agent), page)).as("agent %s page %d", agent, page)
                            .containsExactlyElementsOf(only(events, e -> agent.equals(e.agent())));
                }
                for (String rule : RULES) {
                    if (rule != null) {
                        assertThat(chained(store, "g", q -> q.rule(rule), page)).as("rule %s", rule)
                                .containsExactlyElementsOf(only(events, e -> rule.equals(e.rule())));
                    }
                }
                for (String effect : EFFECTS) {
                    assertThat(chained(store, "g", q -> q.effect(effect).kinds("permission.checked"), page))
                            .containsExactlyElementsOf(only(events, e -> e instanceof RunEvent.PermissionChecked p
                                    && p.effect().equals(effect)));
                }
            }
            // A bounded window starting in the middle of a gap and of a block.
            long from = events.get(100).seq() - 1;
            long to = events.get(300).seq() + 1;
            assertThat(store.events("g", EventQuery.from(from, 10_000).to(to)))
                    .containsExactlyElementsOf(only(events, e -> e.seq() >= from && e.seq() <= to));
            // The permission summary agrees with the events.
            Map<String, Long> counted = new HashMap<>();
            for (RunEvent e : events) {
                if (e instanceof RunEvent.PermissionChecked p) {
                    counted.merge(p.effect() + "/" + p.rule(), 1L, Long::sum);
                }
            }
            Map<String, Long> summary = new HashMap<>();
            store.permissionChecks("g").forEach(c -> summary.merge(c.effect() + "/" + c.rule(), c.checks(), Long::sum));
            assertThat(summary).isEqualTo(counted);
            // The context series agrees with the model requests, narrow and wide.
            long requests = events.stream().filter(RunEvent.ModelRequested.class::isInstance).count();
            for (int buckets : new int[] {1, 3, 50, 5000}) {
                assertThat(store.contextSeries("g", buckets).stream().mapToInt(ContextBucket::requests).sum())
                        .as("buckets %d", buckets).isEqualTo(requests);
            }
        }
    }

    @Test
    void exportThenImportIsLosslessForOddNames() throws Exception {
        List<RunEvent> events = events(false);
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")))) {
            record(store, "c", events);
            StringWriter out = new StringWriter();
            store.exportRun("c", out);
            String id = store.importRun(new BufferedReader(new StringReader(out.toString())));
            assertThat(store.events(id)).containsExactlyElementsOf(events);
            StringWriter again = new StringWriter();
            store.exportRun(id, again);
            assertThat(again.toString().lines().skip(1).toList())
                    .isEqualTo(out.toString().lines().skip(1).toList());
            assertThat(store.firstDivergence("c", id)).isEmpty();
        }
    }

    @Test
    void theV3MigrationKeepsGapsOddNamesHugePayloadsAndTwoRunsApart() throws Exception {
        String url = RunStore.fileUrl(dir.resolve("old"));
        Credentials login = Credentials.of(url);
        org.flywaydb.core.Flyway.configure().dataSource(url, login.user(), login.password())
                .locations(Schema.locations(url)).target("2").load().migrate();
        List<RunEvent> gappy = new ArrayList<>(events(true));
        // A huge payload at a block edge.
        RunEvent.PermissionChecked big = new RunEvent.PermissionChecked(gappy.getLast().seq() + 1,
                gappy.getLast().at().plusMillis(1), 999, "code", "a|b", "read_file", "allow", "r|1",
                "x".repeat(3_000_000) + "\n\"|%_\\");
        gappy.add(big);
        List<RunEvent> plain = events(false);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(login.url(), login.properties());
                java.sql.Statement s = c.createStatement()) {
            for (String id : List.of("one", "two")) {
                s.executeUpdate("INSERT INTO runs (id, harness_name, harness_digest, model, started_at, owner_pid)"
                        + " VALUES ('" + id + "', 'h', 'd', 'm', TIMESTAMP WITH TIME ZONE '2026-11-23 10:00:00+00',"
                        + " 2147483646)");
            }
            int one = RunQueries.runNo(c, "one").orElseThrow();
            int two = RunQueries.runNo(c, "two").orElseThrow();
            try (java.sql.PreparedStatement ps = c.prepareStatement(V2Events.INSERT)) {
                // Inserted interleaved, as two recordings would have written them.
                for (int i = 0; i < Math.max(gappy.size(), plain.size()); i++) {
                    if (i < plain.size()) {
                        V2Events.bind(ps, two, plain.get(i));
                        ps.executeUpdate();
                    }
                    if (i < gappy.size()) {
                        V2Events.bind(ps, one, gappy.get(i));
                        ps.executeUpdate();
                    }
                }
            }
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.events("one")).containsExactlyElementsOf(gappy);
            assertThat(store.events("two")).containsExactlyElementsOf(plain);
            assertThat(store.lastSeq("one")).isEqualTo(big.seq());
            for (String agent : AGENTS) {
                assertThat(chained(store, "one", q -> q.agent(agent), 13))
                        .containsExactlyElementsOf(only(gappy, e -> agent.equals(e.agent())));
            }
            long checks = gappy.stream().filter(RunEvent.PermissionChecked.class::isInstance).count();
            assertThat(store.permissionChecks("one").stream().mapToLong(PermissionCount::checks).sum())
                    .isEqualTo(checks);
        }
    }

    private static List<RunEvent> only(List<RunEvent> events, Predicate<RunEvent> p) {
        return events.stream().filter(p).filter(Objects::nonNull).toList();
    }
}
