package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bridle.Golden;
import dev.bridle.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandsTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "traversal, fs.read, --path, docs/../../outside/passwd, 3",
        "secret, fs.read, --path, docs/secrets/token.txt, 3",
        "docs-read, fs.read, --path, docs/index.md, 0",
        "draft-delete, fs.delete, --path, docs/drafts/old.md, 1",
        "outside-delete, fs.delete, --path, src/main.py, 3",
        "unknown-host, http.get, --host, paste.attacker.example, 3",
        "docs-site, http.get, --host, docs.example.com, 0",
        "shell, shell, --command, '{ cat docs/index.md; }', 3"
    })
    void explainOfTheOverTrustedSampleMatchesItsGolden(String name, String tool, String option, String value,
            int code) {
        Result r = bridle("explain", Samples.harness("over-trusted-agent").toString(), "--agent", "assistant",
                "--tool", tool, option, value);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(code);
        Golden.assertMatches("explain/over-trusted-agent/" + name + ".txt", r.out());
    }

    @Test
    void testRunsEverySampleScenarioAndWritesJUnitXml() throws Exception {
        Path xml = dir.resolve("results.xml");
        Result r = bridle("test", Samples.FOLDER.toString(), "--junit", xml.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OK);
        long scenarios = Samples.scenarios().size();
        assertThat(r.out()).contains(scenarios + " passed, 0 failed, 0 pending, 0 invalid");
        assertThat(Files.readString(xml)).contains("<testsuite name=\"bridle\" tests=\"" + scenarios + "\" failures=\"0\"")
                .contains("<testcase classname=\"over-trusted-agent\" name=\"contained\"");
    }

    @Test
    void aFailingScenarioPrintsTheDiffAndExitsOne() throws Exception {
        Path folder = dir.resolve("project");
        Files.createDirectories(folder.resolve("runaway-agent"));
        Files.copy(Samples.harness("runaway-agent"), folder.resolve("runaway-agent.harness.yaml"));
        Files.writeString(folder.resolve("runaway-agent/wrong.scenario.yaml"),
                Files.readString(Samples.scenario("runaway-agent", "loops-forever"))
                        .replace("outcome: stopped", "outcome: completed").replace("step: 12", "step: 3"));
        Path xml = dir.resolve("results.xml");
        Result r = bridle("test", folder.toString(), "--junit", xml.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.out()).contains("FAIL     runaway-agent/wrong")
                .contains("outcome: expected completed, got stopped")
                .contains("step: expected 3, got 12")
                .contains("0 passed, 1 failed");
        assertThat(Files.readString(xml)).contains("<failure message=\"outcome: expected completed, got stopped");
    }

    @Test
    void aRunawayScenarioFailsOnItsOwnAndTheRestOfTheSuiteStillRuns() throws Exception {
        Path folder = dir.resolve("project");
        Files.createDirectories(folder.resolve("a-spinner"));
        Files.writeString(folder.resolve("a-spinner.harness.yaml"), """
                bridle: 1
                name: a-spinner
                agents:
                  a: { system: works, tools: [fs.read] }
                workflow:
                  start: spin
                  nodes:
                    spin: { check: "true", then: spin, else: done }
                    done: { end: completed }
                """);
        Files.writeString(folder.resolve("a-spinner/spins.scenario.yaml"), """
                bridle: 1
                harness: ../a-spinner.harness.yaml
                model: { turns: [ { say: x } ] }
                expect: { outcome: completed }
                """);
        Files.createDirectories(folder.resolve("runaway-agent"));
        Files.copy(Samples.harness("runaway-agent"), folder.resolve("runaway-agent.harness.yaml"));
        Files.copy(Samples.scenario("runaway-agent", "loops-forever"),
                folder.resolve("runaway-agent/loops-forever.scenario.yaml"));
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> bridle("test", folder.toString()));
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.out()).contains("FAIL     a-spinner/spins")
                .contains("stopped by rule 'run.limits' (transitions=10000")
                .contains("PASS     runaway-agent/loops-forever")
                .contains("1 passed, 1 failed");
    }

    @Test
    void schemaPrintsTheContract() {
        Result r = bridle("schema");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"")
                .contains("\"title\": \"Bridle harness\"");
    }

    @Test
    void validateShowsThePointerAndACaret() throws Exception {
        Path bad = dir.resolve("bad.harness.yaml");
        Files.writeString(bad, Files.readString(Samples.harness("runaway-agent")).replace("next: done", "next: nowhere"));
        Result r = bridle("validate", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(bad + ":13:36: next names 'nowhere', which is not a node")
                .contains("    at /workflow/nodes/research/next")
                .contains("^");
    }

    @Test
    void runsListShowCompareExportImportAndDelete() throws Exception {
        String db = dev.bridle.store.RunStore.fileUrl(dir.resolve("runs"));
        bridle("run", Samples.harness("looping-agent").toString(), "--db", db, "-q",
                "--scenario", Samples.scenario("looping-agent", "same-action").toString());
        bridle("run", Samples.harness("looping-agent").toString(), "--db", db, "-q",
                "--scenario", Samples.scenario("looping-agent", "ping-pong").toString());
        Result list = bridle("runs", "list", "--db", db);
        assertThat(list.code()).isZero();
        assertThat(list.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("stopped").contains("loop"));
        String[] ids = list.out().lines().map(l -> l.substring(0, l.indexOf(' '))).toArray(String[]::new);

        Result show = bridle("runs", "show", ids[0], "--db", db);
        assertThat(show.out()).contains("guard.triggered").contains("stopped: guard 'loop'");

        Result compare = bridle("runs", "compare", ids[0], ids[1], "--db", db);
        assertThat(compare.code()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(compare.out()).startsWith("first divergence at event ");

        Path jsonl = dir.resolve("run.jsonl");
        assertThat(bridle("runs", "export", ids[0], "--out", jsonl.toString(), "--db", db).code()).isZero();
        Result imported = bridle("runs", "import", jsonl.toString(), "--db", db);
        assertThat(imported.code()).isZero();
        String copy = imported.out().strip().substring("imported run ".length());
        assertThat(bridle("runs", "compare", ids[0], copy, "--db", db).out()).contains("do not differ");

        assertThat(bridle("runs", "permissions", ids[0], "--db", db).out()).contains("allow").contains("read");
        assertThat(bridle("runs", "delete", ids[0], copy, "--db", db).out()).contains("deleted 2 of 2 runs");
        assertThat(bridle("runs", "list", "--db", db).out().lines()).hasSize(1);
        assertThat(bridle("runs", "show", "nope", "--db", db).code()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void validateWarnsAboutAScenarioExpectingARuleTheHarnessDoesNotHave() throws Exception {
        Path folder = dir.resolve("project");
        Files.createDirectories(folder.resolve("runaway-agent"));
        Files.copy(Samples.harness("runaway-agent"), folder.resolve("runaway-agent.harness.yaml"));
        Path scenario = folder.resolve("runaway-agent/typo.scenario.yaml");
        Files.writeString(scenario, Files.readString(Samples.scenario("runaway-agent", "loops-forever"))
                .replace("rule: budget", "rule: budgte").replace("  fs.read:", "  fs.raed:"));
        Result r = bridle("validate", "--strict", scenario.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.err()).contains("warning: expect.rule names 'budgte', which is no guard")
                .contains("warning: tool stub 'fs.raed' is for a tool no agent of 'runaway-agent' is offered");
    }
}
