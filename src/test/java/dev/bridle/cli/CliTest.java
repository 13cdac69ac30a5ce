package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.store.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runawayAgentIsStoppedByItsBudgetWithADistinctExitCode() {
        Result r = bridle("run", Samples.harness("runaway-agent").toString(),
                "--scenario", Samples.scenario("runaway-agent", "loops-forever").toString(),
                "--db", RunStore.fileUrl(dir.resolve("runs")));
        assertThat(r.code()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.out()).contains("guard.triggered").doesNotContain("run.ended        completed");
        assertThat(r.out().strip()).endsWith("stopped by guard 'budget' (steps=12 (limit steps.max=12)) at step 12");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aWellBehavedAgentCompletes() {
        Result r = bridle("run", Samples.harness("runaway-agent").toString(), "--no-record",
                "--scenario", Samples.scenario("runaway-agent", "answers-in-bounds").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out().strip()).endsWith("completed by rule 'answered' after 3 steps");
    }

    @Test
    void malformedYamlIsOneLocatedLineAndExitCodeTwo() throws Exception {
        Path bad = dir.resolve("bad.harness.yaml");
        Files.writeString(bad, "bridle: 1\nname: broken\nagents:\n  a: { system: x\n");
        Result r = bridle("run", bad.toString(), "--no-record",
                "--scenario", Samples.scenario("runaway-agent", "loops-forever").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).matches(java.util.regex.Pattern.quote(bad.toString()) + ":\\d+:\\d+: syntax error: .*\\R");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsOneLocatedLineAndExitCodeTwo() {
        Result r = bridle("validate", dir.resolve("nope.harness.yaml").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().lines().findFirst()).contains(dir.resolve("nope.harness.yaml") + ":1:1: no such file");
    }

    @Test
    void validateAcceptsTheSampleFolder() {
        Result r = bridle("validate", "--strict", Samples.FOLDER.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("0 errors, 0 warnings");
    }

    @Test
    void anUnknownModelBindingIsRefusedClearly() {
        Result r = bridle("run", Samples.harness("runaway-agent").toString(), "--model", "nonsense",
                "--scenario", Samples.scenario("runaway-agent", "loops-forever").toString(), "--no-record");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("bridle: ");
    }
}
