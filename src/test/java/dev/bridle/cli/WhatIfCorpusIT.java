package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.corpus.CorpusFixture;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code bridle whatif} over a corpus, run as a user runs it ({@code java -jar target/bridle.jar}): a generated
 * corpus whose changes are known by construction (see {@link CorpusFixture}), from a folder and from an H2 store, with
 * the three report files and the exit codes a CI gate reads.
 */
class WhatIfCorpusIT {

    @TempDir
    Path dir;

    private Program bridle;
    private Path corpus;
    private Path tighter;

    @BeforeEach
    void setUp() throws Exception {
        bridle = new Program(dir.resolve("home"), Program.project());
        corpus = dir.resolve("corpus");
        // 30 runs: 4 exceed the tighter step budget, 6 read a secret now denied, 2 read scratch files now allowed
        CorpusFixture.writeCorpus(corpus, dir.resolve("work"), 30, 4, 6, 2);
        tighter = dir.resolve("work/tighter.harness.yaml");
    }

    @Test
    void aFolderCorpusReportsTheChangedRunsAndFailsTheGateWithExitCodeOne() throws Exception {
        Path xml = dir.resolve("whatif.xml");
        Program.Result r = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir", corpus.toString(),
                "--jobs", "2", "--report", xml.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.out()).contains(
                "**harness 'reader' changes the outcome of 4 of 30 runs (completed → stopped: 4)**",
                "- runs whose decisions change: 12", "- runs that can no longer be decided offline: 2",
                "| `no-secrets` | 6 | 0 | 6 |");
        // stderr is a pipe here, not a terminal: progress comes as plain lines, never carriage returns
        assertThat(r.err()).contains("whatif: 30/30 runs replayed", "whatif: 30 runs replayed in ")
                .contains("on 2 thread(s)").doesNotContain("\r");

        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = d.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("30");
        assertThat(suite.getAttribute("failures")).isEqualTo("4");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        NodeList failures = d.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(((Element) failures.item(i).getParentNode()).getAttribute("name"))
                    .isEqualTo(String.format("run-%05d", i));
        }
    }

    @Test
    void theMarkdownAndJsonReportsAreWrittenByExtension() throws Exception {
        Path md = dir.resolve("whatif.md");
        Path json = dir.resolve("whatif.json");
        Program.Result a = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir", corpus.toString(),
                "--report", md.toString());
        assertThat(a.code()).as(a.toString()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(Files.readString(md)).contains("| completed → stopped | 4 |", "## Decisions that change, by rule",
                "## Runs that can no longer be decided offline");
        Program.Result b = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir", corpus.toString(),
                "--filter", "outcome=completed", "--jobs", "1", "--report", json.toString());
        assertThat(b.code()).as(b.toString()).isEqualTo(ExitCodes.WARNINGS);
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("replayed").asInt()).isEqualTo(30);
        assertThat(j.get("outcomeChanged").asInt()).isEqualTo(4);
        assertThat(j.get("undecidable").asInt()).isEqualTo(2);
    }

    @Test
    void theHarnessTheCorpusWasRecordedUnderChangesNothingAndExitsZero() {
        Program.Result r = bridle.jar("whatif", "--harness", dir.resolve("work/recorded.harness.yaml").toString(),
                "--jsonl-dir", corpus.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("no outcome changes over 30 runs under harness 'reader'",
                "- runs whose decisions change: 0");
    }

    @Test
    void aStoreCorpusIsSelectedByTheFilter() throws Exception {
        Path base = dir.resolve("store/runs");
        try (RunStore store = RunStore.open(RunStore.fileUrl(base))) {
            CorpusFixture.recordInto(store, dir.resolve("work"), 8, 2, 1, 0);
        }
        Program.Result r = bridle.jar("whatif", "--harness", tighter.toString(), "--db", RunStore.fileUrl(base),
                "--filter", "harness=reader,since=2026-12-01", "--jobs", "2");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.out()).contains("changes the outcome of 2 of 8 runs");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        Program.Result filter = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir",
                corpus.toString(), "--filter", "outcome=green");
        assertThat(filter.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(filter.err()).isEqualTo("bridle: filter outcome=green: expected one of completed, stopped, failed,"
                + " interrupted" + System.lineSeparator());
        Program.Result report = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir",
                corpus.toString(), "--report", dir.resolve("out.html").toString());
        assertThat(report.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(report.err()).contains("the file must end in .md, .json or .xml");
        Program.Result both = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl",
                corpus.resolve("run-00000.jsonl").toString(), "--jobs", "2");
        assertThat(both.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).contains("replay a corpus");
        Program.Result missing = bridle.jar("whatif", "--harness", tighter.toString(), "--jsonl-dir",
                dir.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("nowhere: not a folder");
    }
}
