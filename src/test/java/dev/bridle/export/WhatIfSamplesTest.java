package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.cli.Main;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every sample run, recorded and replayed under its own harness, takes the same decisions: what-if can gate CI. */
class WhatIfSamplesTest {

    @TempDir
    Path dir;

    private static String harnessOf(Path scenario) {
        return scenario.getParent().getFileName().toString();
    }

    private static int bridle(StringWriter out, String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
    }

    @TestFactory
    Stream<DynamicTest> everySampleRunWhatIfUnderItsOwnHarnessIsTheSame() {
        return Samples.scenarios().stream().map(scenario -> DynamicTest.dynamicTest(
                Samples.FOLDER.relativize(scenario).toString(), () -> {
                    String name = harnessOf(scenario);
                    Path jsonl = dir.resolve(name + "-" + scenario.getFileName() + ".jsonl");
                    StringWriter log = new StringWriter();
                    bridle(log, "record", Samples.harness(name).toString(), "--scenario", scenario.toString(),
                            "--jsonl", jsonl.toString());
                    assertThat(jsonl).as(log.toString()).exists();

                    Harness h = HarnessReader.read(Samples.harness(name)).harness();
                    WhatIf.Report r = WhatIf.run(h, RunJournal.read(jsonl));
                    assertThat(r.same()).as(WhatIf.render(h, r)).isTrue();
                    assertThat(r.now()).isEqualTo(r.recorded());

                    StringWriter out = new StringWriter();
                    int code = bridle(out, "whatif", "--jsonl", jsonl.toString(), "--harness",
                            Samples.harness(name).toString());
                    assertThat(code).as(out.toString()).isZero();
                    assertThat(out.toString()).contains("every decision is the same");
                }));
    }

    private RunJournal.Recorded recordWithCli(String harness, String scenario) throws Exception {
        Path jsonl = dir.resolve(harness + "-" + scenario + ".jsonl");
        StringWriter log = new StringWriter();
        bridle(log, "record", Samples.harness(harness).toString(), "--scenario",
                Samples.scenario(harness, scenario).toString(), "--jsonl", jsonl.toString());
        return RunJournal.read(jsonl);
    }

    @Test
    void aLooserReadRuleCannotUndoARealPathRefusal() throws Exception {
        // Reads allowed everywhere: the symlink out of the workspace was refused by the workspace, not by a rule.
        Path looser = dir.resolve("looser.harness.yaml");
        Files.writeString(looser, Files.readString(Samples.harness("over-trusted-agent"))
                .replace("{ id: read-docs, allow: fs.read, paths: [\"docs/**\"] }", "{ id: read-docs, allow: fs.read }"));
        Harness h = HarnessReader.read(looser).harness();
        WhatIf.Report r = WhatIf.run(h, recordWithCli("over-trusted-agent", "contained"));
        assertThat(r.now()).anyMatch(l -> l.contains("rule=path-scope") && l.contains("docs/shared/passwd")
                && l.contains("symlink docs/shared leads outside the workspace"));
        assertThat(r.same()).as(WhatIf.render(h, r)).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("2 real-path decision(s) (rule path-scope) replayed"));
    }

    @Test
    void aTighterReadRuleStillDiffers() throws Exception {
        Path tighter = dir.resolve("tighter.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("over-trusted-agent"))
                .replace("paths: [\"docs/**\"] }", "paths: [\"docs/index.md\"] }"));
        Harness h = HarnessReader.read(tighter).harness();
        WhatIf.Report r = WhatIf.run(h, recordWithCli("over-trusted-agent", "stays-in-bounds"));
        assertThat(r.same()).as(WhatIf.render(h, r)).isFalse();
    }

    @Test
    void theRecordingKeepsTheVariablesToolsSetAndTheSummaries() throws Exception {
        RunJournal.Recorded fixed = recordWithCli("compounding-error", "recovers-on-retry");
        assertThat(fixed.facts().sets().values()).containsExactly(Map.of("tests", Map.of("failed", 1)),
                Map.of("tests", Map.of("failed", 0)));
        RunJournal.Recorded summarized = recordWithCli("lost-context", "keeps-the-requirement");
        assertThat(summarized.facts().summaries()).hasSize(2);
    }

    @Test
    void withoutTheFactsTheCheckCannotBeReplayedAndTheReportSaysWhy() throws Exception {
        RunJournal.Recorded full = recordWithCli("compounding-error", "recovers-on-retry");
        RunJournal.Recorded bare = new RunJournal.Recorded(full.header(), full.events());
        Harness h = HarnessReader.read(Samples.harness("compounding-error")).harness();
        WhatIf.Report r = WhatIf.run(h, bare);
        assertThat(r.same()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.contains("carries no variables set by tools"));
    }
}
