package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** What is written is what is read back, field by field and block by block, for generated events of every kind. */
class EventRoundTripTest {

    private static Path dir;
    private static RunStore store;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("bridle-roundtrip");
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One event without its place in the run: seq is given when the run is assembled. */
    interface Shape {
        RunEvent at(long seq);
    }

    @Property(tries = 60)
    void everyEventReadsBackAsWritten(@ForAll("runs") List<Shape> shapes) throws SQLException {
        List<RunEvent> events = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            events.add(shapes.get(i).at(i + 1));
        }
        String id = "run-" + RUNS.incrementAndGet();
        try (Recording r = store.begin(RecordingTest.start(id), Durability.EVERY_STEP)) {
            events.forEach(r::accept);
        }
        List<RunEvent> stored = store.events(id);
        assertThat(stored).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            assertThat(stored.get(i)).usingRecursiveComparison().isEqualTo(events.get(i));
            assertThat(stored.get(i)).isEqualTo(events.get(i));
        }
        assertThat(store.events(id, EventQuery.from(1, EventQuery.MAX_LIMIT))).isEqualTo(events);
        assertBlocks(id, events);
    }

    /**
     * Every event is in exactly one block, in order, and its block's summary lists what it holds; every filter finds
     * every event that has the value, whatever characters the value holds ({@code %}, {@code _}, {@code |}, quotes).
     */
    private static void assertBlocks(String id, List<RunEvent> events) throws SQLException {
        try (Connection c = DriverManager.getConnection(store.url(), "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT first_seq, last_seq, events, last_at, last_step,"
                        + " kinds, agents, nodes, tools, effects, rules, contexts FROM event_blocks WHERE run_no = ?"
                        + " ORDER BY id")) {
            ps.setInt(1, RunQueries.runNo(c, id).orElseThrow());
            int next = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(3);
                    assertThat(n).isBetween(1, EventBlocks.SIZE);
                    List<RunEvent> in = events.subList(next, next + n);
                    next += n;
                    assertThat(rs.getLong(1)).isEqualTo(in.getFirst().seq());
                    assertThat(rs.getLong(2)).isEqualTo(in.getLast().seq());
                    assertThat(rs.getLong(2) - rs.getLong(1)).isLessThan(EventBlocks.SIZE);
                    assertThat(rs.getTimestamp(4).toInstant())
                            .isEqualTo(in.getLast().at().truncatedTo(ChronoUnit.MILLIS));
                    assertThat(rs.getInt(5)).isEqualTo(in.getLast().step());
                    StringBuilder contexts = new StringBuilder();
                    for (RunEvent e : in) {
                        assertListed(rs.getString(6), e.kind());
                        assertListed(rs.getString(7), e.agent());
                        assertListed(rs.getString(8), e.node());
                        assertListed(rs.getString(9), EventColumns.tool(e));
                        assertListed(rs.getString(10), EventColumns.effect(e));
                        assertListed(rs.getString(11), e.rule());
                        if (e instanceof RunEvent.ModelRequested m) {
                            contexts.append(contexts.isEmpty() ? "" : " ").append(m.seq()).append(':')
                                    .append(m.contextTokens());
                        }
                    }
                    assertThat(rs.getString(12)).isEqualTo(contexts.isEmpty() ? null : contexts.toString());
                }
            }
            assertThat(next).isEqualTo(events.size());
        }
        for (RunEvent e : events) {
            EventQuery at = EventQuery.from(e.seq(), 1);
            assertThat(store.events(id, at.kinds(e.kind()))).containsExactly(e);
            if (e.agent() != null) {
                assertThat(store.events(id, at.agent(e.agent()))).containsExactly(e);
            }
            if (e.rule() != null) {
                assertThat(store.events(id, at.rule(e.rule()))).containsExactly(e);
            }
            if (EventColumns.effect(e) != null) {
                assertThat(store.events(id, at.effect(EventColumns.effect(e)))).containsExactly(e);
            }
            if (e.node() != null) {
                assertThat(store.firstSeqAt(id, e.node())).isBetween(1L, e.seq());
            }
        }
    }

    private static void assertListed(String list, String value) {
        if (value != null) {
            assertThat(list).contains(EventBlocks.BAR + value + EventBlocks.BAR);
        }
    }

    @Provide
    Arbitrary<List<Shape>> runs() {
        // A run that ends does so last: run.ended only at the end, when it appears at all.
        return Arbitraries.oneOf(List.of(runStarted(), nodeEntered(), modelRequested(), modelResponded(),
                        toolRequested(), toolCompleted(), guardTriggered(), nodeExited(), permissionChecked(),
                        lockAcquired(), lockRefused(), lockWaited(), contextCompacted(), checkpointSaved(),
                        checkpointRestored(), workspaceChanged(), approvalRequested(), approvalAnswered(),
                        errorHandled()))
                .list().ofMinSize(1).ofMaxSize(40)
                .flatMap(body -> Arbitraries.oneOf(runEnded().map(List::of), Arbitraries.just(List.<Shape>of()))
                        .map(end -> Stream.concat(body.stream(), end.stream()).toList()));
    }

    private static Arbitrary<String> text() {
        // Any text a document or a model can produce: quotes, backslashes, newlines, accents, CJK, emoji; and what
        // the blocks' summaries must not misread: their delimiter and LIKE's wildcards and escape.
        Arbitrary<String> plain = Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(120);
        Arbitrary<String> tricky = Arbitraries.of("", "\"quoted\"", "back\\slash", "line\nbreak", "ünïcödé", "表",
                "🦜 parrot", "{\"at\":\"2026-01-01T00:00:00Z\"}", "'; DROP TABLE events; --",
                "a|b", "|", "50%_off", "%", "_", "\\%", "[x]");
        return Arbitraries.oneOf(plain, tricky);
    }

    private static Arbitrary<String> name() {
        return text().injectNull(0.2);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    private static Arbitrary<Integer> steps() {
        return Arbitraries.integers().between(0, 100_000);
    }

    private static Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    private static Arbitrary<Shape> runStarted() {
        return Combinators.combine(instants(), steps(), text(), text())
                .as((at, step, harness, model) -> seq -> new RunEvent.RunStarted(seq, at, step, harness, model));
    }

    private static Arbitrary<Shape> nodeEntered() {
        return Combinators.combine(instants(), steps(), text(), name())
                .as((at, step, node, agent) -> seq -> new RunEvent.NodeEntered(seq, at, step, node, agent));
    }

    private static Arbitrary<Shape> modelRequested() {
        return Combinators.combine(instants(), steps(), name(), name(), counts(), counts())
                .as((at, step, node, agent, messages, tokens) -> seq ->
                        new RunEvent.ModelRequested(seq, at, step, node, agent, messages, tokens));
    }

    private static Arbitrary<Shape> modelResponded() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), text().list().ofMaxSize(4),
                        counts(), counts())
                .flatAs((at, step, node, agent, text, calls, in, out) -> Arbitraries.longs().between(0, 600_000)
                        .map(latency -> seq -> new RunEvent.ModelResponded(
                                seq, at, step, node, agent, text, calls, in, out, latency)));
    }

    private static Arbitrary<Shape> toolRequested() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), text())
                .as((at, step, node, agent, tool, args) -> seq ->
                        new RunEvent.ToolRequested(seq, at, step, node, agent, tool, args));
    }

    private static Arbitrary<Shape> toolCompleted() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), Arbitraries.of(true, false), text(),
                        Arbitraries.longs().between(0, 600_000))
                .as((at, step, node, agent, tool, ok, result, millis) -> seq ->
                        new RunEvent.ToolCompleted(seq, at, step, node, agent, tool, ok, result, millis));
    }

    private static Arbitrary<Shape> guardTriggered() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), Arbitraries.of("stop", "warn"), text())
                .as((at, step, node, agent, guard, verdict, detail) -> seq ->
                        new RunEvent.GuardTriggered(seq, at, step, node, agent, guard, verdict, detail));
    }

    private static Arbitrary<Shape> nodeExited() {
        return Combinators.combine(instants(), steps(), text(), name(), name())
                .as((at, step, node, agent, next) -> seq -> new RunEvent.NodeExited(seq, at, step, node, agent, next));
    }

    private static Arbitrary<Shape> runEnded() {
        return Combinators.combine(instants(), steps(), Arbitraries.of(Outcome.class), text(), name())
                .as((at, step, outcome, reason, rule) -> seq ->
                        new RunEvent.RunEnded(seq, at, step, outcome, reason, rule));
    }

    private static Arbitrary<Shape> permissionChecked() {
        return Combinators.combine(instants(), steps(), name(), name(), name(), Arbitraries.of("allow", "ask", "deny"),
                        name(), text())
                .as((at, step, node, agent, tool, effect, rule, resource) -> seq ->
                        new RunEvent.PermissionChecked(seq, at, step, node, agent, tool, effect, rule, resource));
    }

    private static Arbitrary<Shape> lockAcquired() {
        return Combinators.combine(instants(), steps(), name(), name(), text())
                .as((at, step, node, agent, resource) -> seq ->
                        new RunEvent.LockAcquired(seq, at, step, node, agent, resource));
    }

    private static Arbitrary<Shape> lockRefused() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), name(),
                        Arbitraries.of("refused", "queued"))
                .as((at, step, node, agent, resource, holder, action) -> seq ->
                        new RunEvent.LockRefused(seq, at, step, node, agent, resource, holder, action));
    }

    private static Arbitrary<Shape> lockWaited() {
        return Combinators.combine(instants(), steps(), name(), name(), text(), name())
                .as((at, step, node, agent, resource, holder) -> seq ->
                        new RunEvent.LockWaited(seq, at, step, node, agent, resource, holder));
    }

    private static Arbitrary<Shape> contextCompacted() {
        return Combinators.combine(instants(), steps(), name(), name(), Arbitraries.of("drop-oldest", "summarize"),
                        counts(), counts(), counts())
                .flatAs((at, step, node, agent, strategy, before, after, window) -> Combinators.combine(counts(),
                        counts()).as((removed, pinned) -> (Shape) seq -> new RunEvent.ContextCompacted(seq, at, step,
                        node, agent, strategy, before, after, window, removed, pinned)));
    }

    private static Arbitrary<Shape> checkpointSaved() {
        return Combinators.combine(instants(), steps(), name(), name())
                .as((at, step, node, cp) -> seq -> new RunEvent.CheckpointSaved(seq, at, step, node, cp));
    }

    private static Arbitrary<Shape> checkpointRestored() {
        return Combinators.combine(instants(), steps(), name(), name(), name())
                .as((at, step, node, cp, rule) -> seq -> new RunEvent.CheckpointRestored(seq, at, step, node, cp, rule));
    }

    private static Arbitrary<Shape> workspaceChanged() {
        Arbitrary<RunEvent.FileChange> change = Combinators.combine(text(), Arbitraries.of("created", "changed",
                "mode", "deleted"), text()).as(RunEvent.FileChange::new);
        return Combinators.combine(instants(), steps(), name(), name(), text(), change.list().ofMaxSize(4))
                .as((at, step, node, agent, cause, files) -> seq -> new RunEvent.WorkspaceChanged(seq, at, step, node,
                        agent, cause, files));
    }

    private static Arbitrary<Shape> approvalRequested() {
        return Combinators.combine(instants(), steps(), name(), name(), name(), text())
                .as((at, step, node, agent, rule, q) -> seq ->
                        new RunEvent.ApprovalRequested(seq, at, step, node, agent, rule, q));
    }

    private static Arbitrary<Shape> approvalAnswered() {
        return Combinators.combine(instants(), steps(), name(), name(), name(), Arbitraries.of(true, false), text())
                .as((at, step, node, agent, rule, ok, by) -> seq ->
                        new RunEvent.ApprovalAnswered(seq, at, step, node, agent, rule, ok, by));
    }

    private static Arbitrary<Shape> errorHandled() {
        return Combinators.combine(instants(), steps(), name(), name(), text(),
                        Arbitraries.of("retry", "rollback", "escalate", "stop"), counts(), name())
                .as((at, step, node, agent, error, action, attempt, rule) -> seq ->
                        new RunEvent.ErrorHandled(seq, at, step, node, agent, error, action, attempt, rule));
    }
}
