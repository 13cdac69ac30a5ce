package dev.bridle.store;

import static dev.bridle.store.RecordingTest.T0;
import static dev.bridle.store.RecordingTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores: an H2 file and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class TimelineQueriesTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    RunStore store;
    List<RunEvent> run;

    @BeforeEach
    void recordOneRun() {
        store = RunStore.open(kind.url(dir));
        run = SyntheticRun.of(5_000, T0);
        record("long", run);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void record(String id, List<RunEvent> events) {
        try (Recording r = store.begin(start(id), Durability.BATCHED)) {
            events.forEach(r::accept);
        }
    }

    @Test
    void aPageIsASequenceRangeInOrder() {
        List<RunEvent> page = store.events("long", EventQuery.from(101, 50));
        assertThat(page).containsExactlyElementsOf(run.subList(100, 150));
        assertThat(store.events("long", EventQuery.from(4_990, 50))).containsExactlyElementsOf(run.subList(4_989,
                run.size()));
        assertThat(store.events("long", EventQuery.from(10, 500).to(12))).extracting(RunEvent::seq)
                .containsExactly(10L, 11L, 12L);
        assertThat(store.events("no-such-run", EventQuery.from(1, 10))).isEmpty();
    }

    @Test
    void theFirstEventAtANodeIsFoundByItsSequenceNumber() {
        for (String node : run.stream().map(RunEvent::node).filter(Objects::nonNull).distinct().toList()) {
            long expected = run.stream().filter(e -> node.equals(e.node())).findFirst().orElseThrow().seq();
            assertThat(store.firstSeqAt("long", node)).as(node).isEqualTo(expected);
        }
        assertThat(store.firstSeqAt("long", "no-such-node")).isZero();
        assertThat(store.firstSeqAt("no-such-run", "review")).isZero();
    }

    @Test
    void aPageFiltersByKindAgentEffectAndRule() {
        assertThat(store.events("long", EventQuery.from(1, 100).kinds("tool.completed", "node.exited")))
                .containsExactlyElementsOf(run.stream()
                        .filter(e -> e.kind().equals("tool.completed") || e.kind().equals("node.exited"))
                        .limit(100).toList());
        assertThat(store.events("long", EventQuery.from(1, 100).agent("reviewer")))
                .containsExactlyElementsOf(run.stream().filter(e -> "reviewer".equals(e.agent())).limit(100).toList());
        assertThat(store.events("long", EventQuery.from(1, 100).kinds("tool.completed").effect("error")))
                .containsExactlyElementsOf(run.stream()
                        .filter(e -> e instanceof RunEvent.ToolCompleted t && !t.ok()).limit(100).toList());
        assertThat(store.events("long", EventQuery.from(1, 10).rule("budget")))
                .extracting(RunEvent::kind).containsExactly("guard.triggered", "run.ended");
    }

    @Test
    void theContextSeriesHasTheMinimumAndMaximumOfEveryBucket() {
        // 5,000 events in 10 buckets reads the pre-aggregated blocks; in 500 buckets it reads the events.
        for (int buckets : new int[] {10, 500}) {
            List<ContextBucket> series = store.contextSeries("long", buckets);
            assertThat(series).hasSizeLessThanOrEqualTo(buckets);
            assertThat(series).extracting(ContextBucket::bucket).isSorted().doesNotHaveDuplicates();
            List<RunEvent.ModelRequested> requests = run.stream()
                    .filter(RunEvent.ModelRequested.class::isInstance).map(RunEvent.ModelRequested.class::cast)
                    .toList();
            assertThat(series.stream().mapToInt(ContextBucket::requests).sum()).isEqualTo(requests.size());
            for (ContextBucket b : series) {
                List<Integer> inBucket = requests.stream()
                        .filter(m -> m.seq() >= b.firstSeq() && m.seq() <= b.lastSeq())
                        .map(RunEvent.ModelRequested::contextTokens).toList();
                assertThat(inBucket).hasSize(b.requests());
                assertThat(b.minTokens()).isEqualTo(inBucket.stream().mapToInt(i -> i).min().orElseThrow());
                assertThat(b.maxTokens()).isEqualTo(inBucket.stream().mapToInt(i -> i).max().orElseThrow());
            }
        }
    }

    @Test
    void aZoomedContextSeriesIsExactPerBucket() {
        List<ContextBucket> series = store.contextSeries("long", 1_001, 1_200, 20);
        assertThat(series).hasSize(20);
        for (ContextBucket b : series) {
            long from = 1_001 + b.bucket() * 10L;
            List<Integer> expected = run.stream()
                    .filter(e -> e.seq() >= from && e.seq() < from + 10)
                    .filter(RunEvent.ModelRequested.class::isInstance)
                    .map(e -> ((RunEvent.ModelRequested) e).contextTokens()).toList();
            assertThat(b.requests()).isEqualTo(expected.size());
            assertThat(b.minTokens()).isEqualTo(expected.stream().mapToInt(i -> i).min().orElseThrow());
            assertThat(b.maxTokens()).isEqualTo(expected.stream().mapToInt(i -> i).max().orElseThrow());
        }
    }

    @Test
    void thePermissionSummaryCountsChecksByEffectAndRule() throws Exception {
        // Written by the writer in two commits, so that the second adds to the counts of the first.
        String[][] checks = {
            {"allow", "read-workspace", "fs.read"}, {"allow", "read-workspace", "fs.read"},
            {"deny", "no-lock-files", "fs.write"}, {"deny", null, "shell"}, {"ask", "ask-shell", "shell"},
            {"deny", "no-lock-files", "fs.write"}, {"deny", "no-lock-files", "fs.write"},
        };
        List<RunEvent> events = new ArrayList<>();
        for (int i = 0; i < checks.length; i++) {
            events.add(new RunEvent.PermissionChecked(i + 1, T0, 1, "work", "coder", checks[i][2], checks[i][0],
                    checks[i][1], "src/Main.java"));
        }
        try (Recording r = store.begin(start("checks"), Durability.BATCHED)) {
            events.subList(0, 4).forEach(r::accept);
            r.flush();
            events.subList(4, events.size()).forEach(r::accept);
        }
        assertThat(store.events("checks", EventQuery.from(1, 10).rule("no-lock-files")))
                .containsExactly(events.get(2), events.get(5), events.get(6));
        assertThat(store.permissionChecks("checks")).containsExactly(
                new PermissionCount("allow", "read-workspace", 2),
                new PermissionCount("ask", "ask-shell", 1),
                new PermissionCount("deny", null, 1),
                new PermissionCount("deny", "no-lock-files", 3));
        // The counts the writer kept are the ones the events give.
        Map<List<String>, Long> counted = store.events("long").stream()
                .filter(RunEvent.PermissionChecked.class::isInstance).map(RunEvent.PermissionChecked.class::cast)
                .collect(Collectors.groupingBy(c -> Arrays.asList(c.effect(), c.rule()), Collectors.counting()));
        assertThat(store.permissionChecks("long")).hasSize(counted.size()).allSatisfy(p ->
                assertThat(p.checks()).isEqualTo(counted.get(Arrays.asList(p.effect(), p.rule()))));
        assertThat(store.permissionChecks("no-such-run")).isEmpty();
    }

    @Test
    void theRunListFiltersByHarnessOutcomeAndDate() {
        List<RunEvent> small = SyntheticRun.of(20, T0);
        for (int i = 0; i < 6; i++) {
            RunStart s = new RunStart("run-" + i, i % 2 == 0 ? "even" : "odd", "d", "m", T0.plus(Duration.ofDays(i)));
            try (Recording r = store.begin(s, Durability.BATCHED)) {
                small.subList(0, i < 3 ? small.size() : 5).forEach(r::accept);
            }
        }
        assertThat(store.runs()).extracting(RunSummary::id)
                .containsExactly("run-5", "run-4", "run-3", "run-2", "run-1", "long", "run-0");
        assertThat(store.runs(RunFilter.all().harness("even"))).extracting(RunSummary::id)
                .containsExactly("run-4", "run-2", "run-0");
        assertThat(store.runs(RunFilter.all().outcome(Outcome.INTERRUPTED))).extracting(RunSummary::id)
                .containsExactly("run-5", "run-4", "run-3");
        assertThat(store.runs(RunFilter.all().startedBetween(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3)))))
                .extracting(RunSummary::id).containsExactly("run-2", "run-1");
        assertThat(store.runs(RunFilter.all().harness("odd").outcome(Outcome.STOPPED).limit(1)))
                .extracting(RunSummary::id).containsExactly("run-1");
    }

    @Test
    void twoRunsDivergeAtTheFirstEventThatDiffersApartFromItsTime() {
        List<RunEvent> later = run.stream().map(TimelineQueriesTest::shiftedByAnHour).toList();
        record("same-but-later", later);
        assertThat(store.firstDivergence("long", "same-but-later")).isEmpty();

        List<RunEvent> different = new ArrayList<>(later);
        int i = 3_000;
        while (!(different.get(i) instanceof RunEvent.ToolCompleted)) {
            i++;
        }
        RunEvent.ToolCompleted t = (RunEvent.ToolCompleted) different.get(i);
        different.set(i, new RunEvent.ToolCompleted(t.seq(), t.at(), t.step(), t.node(), t.agent(), t.tool(),
                t.ok(), t.result() + " (changed)", t.durationMillis()));
        record("different", different);
        Divergence d = store.firstDivergence("long", "different").orElseThrow();
        assertThat(d.seq()).isEqualTo(i + 1);
        assertThat(d.left()).contains(run.get(i));
        assertThat(d.right()).contains(different.get(i));

        record("shorter", run.subList(0, 2_500));
        Divergence end = store.firstDivergence("long", "shorter").orElseThrow();
        assertThat(end.seq()).isEqualTo(2_501);
        assertThat(end.left()).contains(run.get(2_500));
        assertThat(end.right()).isEmpty();
    }

    /** The same event an hour later: through its JSON form, so that every kind of event is covered. */
    private static RunEvent shiftedByAnHour(RunEvent e) {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(dev.bridle.event.EventJson.write(e));
            json.put("at", e.at().plus(Duration.ofHours(1)).toString());
            return dev.bridle.event.EventJson.read(e.kind(), json.toString());
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    @Test
    void deletingARunRemovesItsEventsAndItsChart() {
        record("other", run.subList(0, 100));
        assertThat(store.delete(List.of("long", "no-such-run"))).isEqualTo(1);
        assertThat(store.run("long")).isEmpty();
        assertThat(store.events("long")).isEmpty();
        assertThat(store.contextSeries("long", 10)).isEmpty();
        assertThat(store.events("other")).hasSize(100);
        assertThat(store.runs()).extracting(RunSummary::id).containsExactly("other");
    }

    @Test
    void aRunStillBeingRecordedCannotBeDeleted() {
        try (Recording r = store.begin(start("live"), Durability.BATCHED)) {
            r.accept(run.getFirst());
            assertThatThrownBy(() -> store.delete(List.of("live")))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("run live is still being recorded; stop it before deleting it");
        }
        assertThat(store.delete(List.of("live"))).isEqualTo(1);
    }

    @Test
    void bucketsMustBePositive() {
        assertThatThrownBy(() -> store.contextSeries("long", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(IntStream.of(1).mapToObj(n -> store.contextSeries("long", n)).filter(Objects::nonNull).findFirst()
                .orElseThrow()).hasSize(1);
    }
}
