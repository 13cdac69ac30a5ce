package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bridle run H --scenario S} checks that S tests H, as {@code bridle validate S} reads it. */
class RunScenarioHarnessTest {

    @TempDir
    Path dir;

    private Path harness;
    private Path other;
    private Path scenario;

    record Result(int code, String out, String err) {}

    private static Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void project() throws Exception {
        Files.createDirectories(dir.resolve("runaway-agent"));
        harness = Files.copy(Samples.harness("runaway-agent"), dir.resolve("runaway-agent.harness.yaml"));
        other = Files.writeString(dir.resolve("other.harness.yaml"),
                Files.readString(harness).replace("name: runaway-agent", "name: other"));
        scenario = Files.copy(Samples.scenario("runaway-agent", "loops-forever"),
                dir.resolve("runaway-agent/loops-forever.scenario.yaml"));
    }

    @Test
    void aScenarioRunsWithTheHarnessItNames() {
        Result r = bridle("run", harness.toString(), "--scenario", scenario.toString(), "--no-record", "-q");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("stopped");
    }

    @Test
    void theHarnessMayBeNamedByAnotherPathToTheSameFile() {
        Path roundabout = dir.resolve("runaway-agent/../runaway-agent.harness.yaml");
        Result r = bridle("run", roundabout.toString(), "--scenario", scenario.toString(), "--no-record", "-q");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("stopped");
    }

    @Test
    void aScenarioOfAnotherHarnessIsALocatedErrorWithExitTwo() {
        Result r = bridle("run", other.toString(), "--scenario", scenario.toString(), "--no-record");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(scenario + ":5:10: this scenario tests '../runaway-agent.harness.yaml' ("
                + harness + "), not " + other + "; run it with that harness, or change 'harness:'"
                + System.lineSeparator());
    }

    @Test
    void aScenarioWithoutAHarnessIsALocatedErrorWithExitTwo() throws Exception {
        Files.writeString(scenario, Files.readString(scenario).replace("harness: ../runaway-agent.harness.yaml\n", ""));
        Result r = bridle("run", harness.toString(), "--scenario", scenario.toString(), "--no-record");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo(scenario + ":1:1: the document needs 'harness'" + System.lineSeparator());
        assertThat(bridle("validate", scenario.toString()).code()).isEqualTo(ExitCodes.BAD_INPUT);
    }
}
