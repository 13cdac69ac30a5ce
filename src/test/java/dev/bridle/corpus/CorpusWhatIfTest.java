package dev.bridle.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CorpusWhatIfTest {

    /** 40 runs: 5 too long for the tighter budget, 7 reading a secret, 3 reading scratch, 25 unchanged. */
    private static final int TOTAL = 40;
    private static final int LONG = 5;
    private static final int SECRET = 7;
    private static final int SCRATCH = 3;

    @TempDir
    Path dir;

    private CorpusReport replayCorpus(int jobs) throws Exception {
        CorpusFixture.writeCorpus(dir.resolve("corpus"), dir.resolve("work"), TOTAL, LONG, SECRET, SCRATCH);
        return CorpusWhatIf.replay(tighter(), Corpus.of(dir.resolve("corpus"), CorpusFilter.ALL), jobs,
                CorpusWhatIf.Progress.NONE);
    }

    private Harness tighter() throws Exception {
        return HarnessReader.read(CorpusFixture.harnesses(dir.resolve("work"))).harness();
    }

    private static List<String> ids(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(String.format("run-%05d", i));
        }
        return out;
    }

    @Test
    void onlyTheRunsOverTheTighterBudgetChangeOutcomeFromCompletedToStoppedByBudget() throws Exception {
        CorpusReport r = replayCorpus(2);

        assertThat(r.replayed()).isEqualTo(TOTAL);
        assertThat(r.outcomeChanges()).extracting(CorpusReport.RunReplay::id).isEqualTo(ids(0, LONG));
        assertThat(r.outcomeChanges()).allSatisfy(c -> {
            assertThat(c.before()).isEqualTo(new CorpusReport.Ending("completed", "done", 21));
            assertThat(c.after()).isEqualTo(new CorpusReport.Ending("stopped", "budget", 12));
        });
        assertThat(r.transitions()).isEqualTo(Map.of("completed → stopped", (long) LONG));
        assertThat(r.headline()).isEqualTo("harness 'reader' changes the outcome of 5 of 40 runs"
                + " (completed → stopped: 5)");
        assertThat(r.decisionChanges()).hasSize(LONG + SECRET + SCRATCH);
        assertThat(r.unreadable()).isEmpty();
    }

    @Test
    void changedDecisionsAreGroupedByRuleWithCountsAndTheFirstExample() throws Exception {
        CorpusReport r = replayCorpus(2);
        Map<String, CorpusReport.RuleChange> by = new java.util.HashMap<>();
        r.rules().forEach(g -> by.put(g.rule(), g));

        assertThat(by).containsOnlyKeys("read", "no-secrets", "budget", "done", "default", "scratch");
        // The new deny rule: one decision in each secret-reading run, the first of them the example.
        assertThat(by.get("no-secrets")).isEqualTo(new CorpusReport.RuleChange("no-secrets", SECRET, 0, SECRET,
                "run-00005", "+ step 1 permission.checked reader rule=no-secrets | deny fs.read secrets/key.txt by"
                        + " rule 'no-secrets'"));
        // 'read' no longer allows steps 12..19 of each long run (8 each), nor the secret of each secret run.
        assertThat(by.get("read").runs()).isEqualTo(LONG + SECRET);
        assertThat(by.get("read").takenNoMore()).isEqualTo(LONG * 8 + SECRET);
        assertThat(by.get("read").takenNow()).isZero();
        // The budget now stops each long run: its guard triggers and it ends the run.
        assertThat(by.get("budget")).extracting(CorpusReport.RuleChange::runs, CorpusReport.RuleChange::takenNow)
                .containsExactly(LONG, 2 * LONG);
        assertThat(by.get("budget").example()).startsWith("+ step 12 guard.triggered reader rule=budget");
        assertThat(by.get("done")).extracting(CorpusReport.RuleChange::runs, CorpusReport.RuleChange::takenNoMore)
                .containsExactly(LONG, LONG);
        assertThat(by.get("scratch").takenNow()).isEqualTo(SCRATCH);
        assertThat(by.get("default").takenNoMore()).isEqualTo(SCRATCH);
        // Most runs first.
        assertThat(r.rules().getFirst().rule()).isEqualTo("read");
    }

    @Test
    void runsThatReachACallRefusedWhenRecordedCannotBeDecidedOfflineAndSayWhy() throws Exception {
        CorpusReport r = replayCorpus(1);
        assertThat(r.undecidable()).extracting(CorpusReport.RunReplay::id).isEqualTo(ids(LONG + SECRET, SCRATCH));
        assertThat(r.undecidable()).allSatisfy(u -> assertThat(u.undecided()).containsExactly(
                "a call refused in the recording is allowed now; its result is unknown: reader"
                        + " fs.read{\"path\":\"scratch/notes.md\"}"));
        assertThat(r.undecidable()).noneMatch(CorpusReport.RunReplay::outcomeChanged);
    }

    @Test
    void oneJobAndTwoJobsGiveTheSameReport() throws Exception {
        CorpusReport one = replayCorpus(1);
        CorpusReport two = CorpusWhatIf.replay(tighter(), Corpus.of(dir.resolve("corpus"), CorpusFilter.ALL), 2,
                CorpusWhatIf.Progress.NONE);
        assertThat(two).isEqualTo(one);
    }

    @Test
    void progressCountsEveryRunOnce() throws Exception {
        CorpusFixture.writeCorpus(dir.resolve("corpus"), dir.resolve("work"), 12, 1, 1, 1);
        AtomicInteger calls = new AtomicInteger();
        List<Integer> totals = new java.util.concurrent.CopyOnWriteArrayList<>();
        CorpusWhatIf.replay(tighter(), Corpus.of(dir.resolve("corpus"), CorpusFilter.ALL), 2, (done, total) -> {
            calls.incrementAndGet();
            totals.add(total);
        });
        assertThat(calls).hasValue(12);
        assertThat(totals).containsOnly(12);
    }

    @Test
    void allThreeReportFormatsCarryTheChanges() throws Exception {
        CorpusReport r = replayCorpus(2);
        Path md = dir.resolve("report.md");
        Path json = dir.resolve("report.json");
        Path xml = dir.resolve("report.xml");
        CorpusReportWriter.write(r, md);
        CorpusReportWriter.write(r, json);
        CorpusReportWriter.write(r, xml);

        assertThat(Files.readString(md)).contains("# What-if: harness `reader` over 40 recorded runs",
                "| completed → stopped | 5 |", "| `no-secrets` | 7 | 0 | 7 | `run-00005`: + step 1",
                "## Runs that can no longer be decided offline", "- `run-00012`: a call refused in the recording");

        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("replayed").asInt()).isEqualTo(TOTAL);
        assertThat(j.get("outcomeChanged").asInt()).isEqualTo(LONG);
        assertThat(j.get("undecidable").asInt()).isEqualTo(SCRATCH);
        assertThat(j.at("/transitions/completed → stopped").asInt()).isEqualTo(LONG);
        assertThat(j.get("runs")).hasSize(TOTAL);
        assertThat(j.at("/runs/0/now/rule").asText()).isEqualTo("budget");
        assertThat(j.at("/runs/0/recorded/outcome").asText()).isEqualTo("completed");
        assertThat(j.at("/rules/1/rule").asText()).isEqualTo("no-secrets");
        assertThat(j.at("/rules/1/example/run").asText()).isEqualTo("run-00005");

        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = d.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("40");
        assertThat(suite.getAttribute("failures")).isEqualTo("5");
        assertThat(suite.getAttribute("skipped")).isEqualTo("3");
        NodeList failures = d.getElementsByTagName("failure");
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            failing.add(((Element) f.getParentNode()).getAttribute("name"));
            assertThat(f.getAttribute("message")).isEqualTo("completed by rule 'done' at step 21 → stopped by rule"
                    + " 'budget' at step 12");
        }
        assertThat(failing).isEqualTo(ids(0, LONG));
        assertThat(d.getElementsByTagName("testcase").getLength()).isEqualTo(TOTAL);
        assertThat(d.getElementsByTagName("skipped").getLength()).isEqualTo(SCRATCH);
    }

    @Test
    void aReportFileWithAnotherExtensionIsRefused() {
        assertThatThrownBy(() -> CorpusReportWriter.Format.of(Path.of("out.html")))
                .hasMessage("report out.html: the file must end in .md, .json or .xml");
    }

    @Test
    void aBrokenRecordingIsReportedByFileAndLineAndTheOthersStillReplay() throws Exception {
        CorpusFixture.writeCorpus(dir.resolve("corpus"), dir.resolve("work"), 4, 1, 0, 0);
        Path broken = dir.resolve("corpus/run-00002.jsonl");
        Files.writeString(broken, "{\"kind\":\"run.started\"\nnot json\n");
        CorpusReport r = CorpusWhatIf.replay(tighter(), Corpus.of(dir.resolve("corpus"), CorpusFilter.ALL), 2,
                CorpusWhatIf.Progress.NONE);
        assertThat(r.replayed()).isEqualTo(3);
        assertThat(r.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo("run-00002");
            assertThat(u.why()).startsWith("cannot read: " + broken + ":1: not JSON");
        });
        assertThat(r.outcomeChanges()).hasSize(1);
        assertThat(CorpusReportWriter.junitXml(r)).contains("errors=\"1\"", "<error message=\"cannot read: ");
    }

    @Test
    void theFilterSelectsRecordedFilesByHarnessOutcomeAndStart() throws Exception {
        CorpusFixture.writeCorpus(dir.resolve("corpus"), dir.resolve("work"), 6, 2, 0, 0);
        Harness h = tighter();
        CorpusReport other = CorpusWhatIf.replay(h, Corpus.of(dir.resolve("corpus"),
                CorpusFilter.parse("harness=someone-else", Instant.now())), 2, CorpusWhatIf.Progress.NONE);
        assertThat(other.replayed()).isZero();
        assertThat(other.filteredOut()).isEqualTo(6);
        CorpusReport completed = CorpusWhatIf.replay(h, Corpus.of(dir.resolve("corpus"),
                CorpusFilter.parse("harness=reader, outcome=completed", Instant.now())), 2,
                CorpusWhatIf.Progress.NONE);
        assertThat(completed.replayed()).isEqualTo(6);
        // The recordings started at the epoch (a fixed clock): a week back from now leaves them all out.
        CorpusReport lastWeek = CorpusWhatIf.replay(h, Corpus.of(dir.resolve("corpus"),
                CorpusFilter.parse("since=7d", Instant.now())), 2, CorpusWhatIf.Progress.NONE);
        assertThat(lastWeek.replayed()).isZero();
    }

    @Test
    void badFiltersGetAnErrorNamingThePart() {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        assertThatThrownBy(() -> CorpusFilter.parse("model=x", now))
                .hasMessage("filter 'model=x': unknown key 'model' (harness, since, outcome)");
        assertThatThrownBy(() -> CorpusFilter.parse("outcome=green", now))
                .hasMessage("filter outcome=green: expected one of completed, stopped, failed, interrupted");
        assertThatThrownBy(() -> CorpusFilter.parse("since=last-week", now)).hasMessage("filter since=last-week:"
                + " expected an instant (2026-12-01T00:00:00Z), a date (2026-12-01) or an age (7d, 12h, 30m)");
        assertThatThrownBy(() -> CorpusFilter.parse("harness", now)).hasMessageContaining("expected KEY=VALUE");
        assertThat(CorpusFilter.parse("since=7d", now).since()).contains(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(CorpusFilter.parse("since=2026-12-01", now).since())
                .contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(CorpusFilter.parse("outcome=stopped", now).outcome()).contains(Outcome.STOPPED);
    }

    @Test
    void aStoreCorpusIsSelectedThroughTheStoresFilter() throws Exception {
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")))) {
            CorpusFixture.recordInto(store, dir.resolve("work"), 10, 3, 2, 0);
            List<CorpusRun> all = Corpus.of(store, CorpusFilter.parse("harness=reader", Instant.now()));
            assertThat(all).hasSize(10);
            CorpusReport r = CorpusWhatIf.replay(tighter(), all, 2, CorpusWhatIf.Progress.NONE);
            assertThat(r.replayed()).isEqualTo(10);
            assertThat(r.outcomeChanges()).extracting(CorpusReport.RunReplay::id)
                    .containsExactlyInAnyOrder("run-00000", "run-00001", "run-00002");
            assertThat(r.rules()).anySatisfy(g -> assertThat(g).extracting(CorpusReport.RuleChange::rule,
                    CorpusReport.RuleChange::runs).containsExactly("no-secrets", 2));
            // Runs were started a minute apart from 2026-12-01T00:00Z: since the 5th minute keeps the last five.
            assertThat(Corpus.of(store, CorpusFilter.parse("since=2026-12-01T00:05:00Z", Instant.now())))
                    .extracting(CorpusRun::id).containsExactlyInAnyOrder(ids(5, 5).toArray(String[]::new));
            assertThat(Corpus.of(store, CorpusFilter.parse("outcome=stopped", Instant.now()))).isEmpty();
            assertThat(Corpus.of(store, CorpusFilter.ALL).getFirst().load()).map(rec -> rec.header().orElseThrow()
                    .harness()).isEqualTo(Optional.of("reader"));
        }
    }

    @Test
    void theExampleCorpusChangesWhatItsReadmeSays() throws Exception {
        Path example = Path.of("examples/whatif-corpus");
        CorpusReport r = CorpusWhatIf.replay(HarnessReader.read(example.resolve("reader-tighter.harness.yaml"))
                .harness(), Corpus.of(example.resolve("runs"), CorpusFilter.ALL), 2, CorpusWhatIf.Progress.NONE);
        assertThat(r.replayed()).isEqualTo(12);
        assertThat(r.outcomeChanges()).extracting(CorpusReport.RunReplay::id).containsExactly("run-00000",
                "run-00001");
        assertThat(r.rules()).anySatisfy(g -> assertThat(g).extracting(CorpusReport.RuleChange::rule,
                CorpusReport.RuleChange::runs, CorpusReport.RuleChange::exampleRun)
                .containsExactly("no-secrets", 2, "run-00002"));
        assertThat(r.undecidable()).extracting(CorpusReport.RunReplay::id).containsExactly("run-00004");
        CorpusReport same = CorpusWhatIf.replay(HarnessReader.read(example.resolve("reader.harness.yaml"))
                .harness(), Corpus.of(example.resolve("runs"), CorpusFilter.ALL), 2, CorpusWhatIf.Progress.NONE);
        assertThat(same.decisionChanges()).isEmpty();
        assertThat(same.undecidable()).isEmpty();
    }
}
