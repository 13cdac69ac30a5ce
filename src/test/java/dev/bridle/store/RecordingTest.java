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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores: an H2 file and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class RecordingTest {

    @Parameter
    StoreKind kind;

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private String url() {
        return kind.url(dir);
    }

    static RunStart start(String id) {
        return new RunStart(id, "synthetic", "0".repeat(64), "mock:synthetic", T0);
    }

    @Test
    void aFullQueueSlowsTheRunDownAndDropsNothing() {
        List<RunEvent> events = SyntheticRun.of(20_000, T0);
        try (RunStore store = RunStore.open(url(), 8)) {
            try (Recording r = store.begin(start("r"), Durability.BATCHED)) {
                events.forEach(r::accept);
            }
            assertThat(store.events("r")).containsExactlyElementsOf(events);
            assertThat(store.run("r").orElseThrow().outcome()).contains(Outcome.STOPPED);
        }
    }

    @Test
    void aBatchedRunIsCommittedWithoutAnyFlushSoonAfterItsEventsAreHanded() throws Exception {
        try (RunStore store = RunStore.open(url())) {
            Recording r = store.begin(start("r"), Durability.BATCHED);
            SyntheticRun run = new SyntheticRun(T0);
            List<RunEvent> handed = new ArrayList<>();
            run.begin(handed::add);
            run.step(handed::add);
            handed.forEach(r::accept);
            // Nothing waits for the writer here: its own deadline commits the events (polled, not timed).
            List<RunEvent> stored = store.events("r");
            for (int i = 0; i < 500 && stored.size() < handed.size(); i++) {
                Thread.sleep(10);
                stored = store.events("r");
            }
            assertThat(stored).isEqualTo(handed);
            r.close();
        }
    }

    @Test
    void aRunRecordedToTheEndIsCommittedOnlyWhenItEnds() throws Exception {
        List<RunEvent> events = SyntheticRun.of(3_000, T0);
        try (RunStore store = RunStore.open(url(), Durability.END)) {
            assertThat(store.durability()).isEqualTo(Durability.END);
            Recording r = store.begin("r", "synthetic", "0".repeat(64), "mock:synthetic", T0);
            events.subList(0, 2_500).forEach(r::accept);
            // Well past the batch mode's 1,000 events and 50 ms: an end-mode run still has nothing committed.
            Thread.sleep(300);
            assertThat(store.events("r")).isEmpty();
            assertThat(store.run("r")).isPresent();
            events.subList(2_500, events.size()).forEach(r::accept);
            assertThat(store.events("r")).containsExactlyElementsOf(events);
            assertThat(store.run("r").orElseThrow().outcome()).contains(Outcome.STOPPED);
        }
    }

    @Test
    void everyFinishedStepIsCommittedBeforeTheNextStepBegins() {
        try (RunStore store = RunStore.open(url())) {
            Recording r = store.begin(start("r"), Durability.EVERY_STEP);
            SyntheticRun run = new SyntheticRun(T0);
            List<RunEvent> handed = new ArrayList<>();
            run.begin(handed::add);
            handed.forEach(r::accept);
            for (int i = 0; i < 5; i++) {
                List<RunEvent> step = new ArrayList<>();
                int done = run.step(step::add);
                step.forEach(r::accept);
                handed.addAll(step);
                // The first event of step `done` carried its number: by then every earlier step was stored.
                long finished = handed.stream().filter(e -> e.step() < done).count();
                List<RunEvent> stored = store.events("r");
                assertThat(stored).hasSizeGreaterThanOrEqualTo((int) finished);
                assertThat(stored.subList(0, (int) finished)).isEqualTo(handed.subList(0, (int) finished));
            }
            r.close();
        }
    }

    @Test
    void aRunRecordedWithoutItsEndIsInterruptedWhenTheRecordingCloses() {
        try (RunStore store = RunStore.open(url())) {
            try (Recording r = store.begin(start("r"), Durability.BATCHED)) {
                SyntheticRun run = new SyntheticRun(T0);
                run.begin(r::accept);
                run.step(r::accept);
            }
            RunSummary s = store.run("r").orElseThrow();
            assertThat(s.outcome()).contains(Outcome.INTERRUPTED);
            assertThat(s.reason()).isEqualTo("the recording was closed before the run ended");
            assertThat(s.steps()).isZero();
            assertThat(store.events("r")).hasSize(6);
        }
    }

    @Test
    void closingTheStoreWritesWhatIsQueuedAndInterruptsNoRun() {
        List<RunEvent> events = SyntheticRun.of(3_000, T0);
        String url = url();
        try (RunStore store = RunStore.open(url)) {
            Recording r = store.begin(start("r"), Durability.BATCHED);
            events.subList(0, 2_000).forEach(r::accept);
        }
        try (RunStore store = RunStore.open(url)) {
            assertThat(store.events("r")).containsExactlyElementsOf(events.subList(0, 2_000));
            RunSummary s = store.run("r").orElseThrow();
            assertThat(s.outcome()).contains(Outcome.INTERRUPTED);
            assertThat(s.reason()).isEqualTo("the run store was closed before the run ended");
        }
    }

    @Test
    void anInterruptedCallerStillRecordsAndKeepsItsInterrupt() {
        try (RunStore store = RunStore.open(url(), 4)) {
            Recording r = store.begin(start("r"), Durability.EVERY_STEP);
            List<RunEvent> events = SyntheticRun.of(200, T0);
            Thread.currentThread().interrupt();
            try {
                events.forEach(r::accept);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(store.events("r")).containsExactlyElementsOf(events);
        }
    }

    @Test
    void aWriteThatFailsIsReportedToTheRunNotSwallowed() {
        try (RunStore store = RunStore.open(url())) {
            Recording r = store.begin(start("r"), Durability.BATCHED);
            RunEvent first = new RunEvent.RunStarted(1, T0, 0, "synthetic", "mock");
            r.accept(first);
            r.accept(first);
            assertThatThrownBy(r::flush)
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("cannot record events in " + url());
        }
    }

    @Test
    void aRunLeftOpenByADeadProcessIsMarkedInterruptedOnTheNextOpen() throws Exception {
        String url = url();
        RunStore.open(url).close();
        List<RunEvent> events = SyntheticRun.of(100, T0).subList(0, 40);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            insertOpenRun(c, "crashed", Long.MAX_VALUE, null, events);
            // Alive elsewhere: on H2 another process (the parent); on PostgreSQL another server session (c's own).
            Dialect.Owner other = kind == StoreKind.H2
                    ? new Dialect.Owner(ProcessHandle.current().parent().orElseThrow().pid(), null)
                    : Dialect.POSTGRESQL.owner(c);
            insertOpenRun(c, "alive-elsewhere", other.pid(), other.startedAt(), List.of());
            try (RunStore store = RunStore.open(url)) {
                assertThat(store.run("alive-elsewhere").orElseThrow().outcome()).isEmpty();
            }
        }
        if (kind == StoreKind.POSTGRESQL) {
            // c is closed: its session ended, and the run it owned is no longer being recorded by anybody.
            Thread.sleep(200);
            try (RunStore store = RunStore.open(url)) {
                assertThat(store.run("alive-elsewhere").orElseThrow().outcome()).contains(Outcome.INTERRUPTED);
            }
        }
        try (RunStore store = RunStore.open(url)) {
            RunSummary crashed = store.run("crashed").orElseThrow();
            assertThat(crashed.outcome()).contains(Outcome.INTERRUPTED);
            assertThat(crashed.reason()).isEqualTo("the process ended before the run did");
            assertThat(crashed.endedAt()).contains(events.getLast().at());
            assertThat(crashed.steps()).isEqualTo(events.getLast().step());
            assertThat(store.events("crashed")).containsExactlyElementsOf(events);
        }
    }

    private static void insertOpenRun(Connection c, String id, long pid, Instant ownerStart, List<RunEvent> events)
            throws Exception {
        ProcessHandle owner = ProcessHandle.of(pid).orElse(null);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, harness_name, harness_digest, model,"
                + " started_at, owner_pid, owner_started_at) VALUES (?, 'h', 'd', 'm', ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setTimestamp(2, Timestamp.from(T0));
            ps.setLong(3, pid);
            Instant start = ownerStart != null ? ownerStart : owner == null ? null : owner.info().startInstant()
                    .map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).orElse(null);
            ps.setTimestamp(4, start == null ? null : Timestamp.from(start));
            ps.executeUpdate();
        }
        int no = RunQueries.runNo(c, id).orElseThrow();
        try (EventBlocks blocks = new EventBlocks(Dialect.of(c.getMetaData().getURL()))) {
            for (RunEvent e : events) {
                blocks.add(no, e, EventJson.write(e));
            }
            blocks.write(c, true);
        }
    }
}
