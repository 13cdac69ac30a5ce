package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --strict} on what cannot be checked: {@code sandbox: none}, and tools that are neither built in nor
 * declared. Run in-process and, once, as the real command in its own JVM, so that what a user sees is tested too.
 */
class StrictWarningsTest {

    @TempDir
    Path dir;

    private static final String HARNESS = """
            bridle: 1
            name: t
            agents:
              a: { system: works, tools: [fs.read, read_file, tests.run] }
            tools:
              read_file: { reads: file_path }
            SANDBOX
            workflow:
              start: w
              nodes:
                w: { agent: a, next: e }
                e: { end: completed }
            guards:
              - { id: budget, steps: { max: 5 } }
            permissions:
              rules:
                - { id: read, allow: read_file, paths: ["docs/**"] }
                - { id: tests, allow: tests.run }
            """;

    record Result(int code, String out, String err) {}

    private Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path write(String sandbox) throws Exception {
        Path file = dir.resolve("t.harness.yaml");
        Files.writeString(file, HARNESS.replace("SANDBOX\n", sandbox));
        return file;
    }

    @Test
    void sandboxNoneFailsStrictValidationAndIsNamed() throws Exception {
        Path file = write("sandbox: none\n");
        Result r = bridle("validate", "--strict", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.err()).contains(file + ":7:1: warning: sandbox: none runs shell calls without the OS sandbox")
                .contains("at /sandbox");
        assertThat(bridle("validate", file.toString()).code()).as("without --strict it is a warning only")
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void anUndeclaredToolFailsStrictValidationWhereverItIsNamed() throws Exception {
        Path file = write("");
        Result r = bridle("validate", "--strict", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(r.err()).contains("warning: agent 'a' is offered tool 'tests.run', which is neither built in nor"
                        + " declared under tools")
                .contains("warning: permission rule 'tests' names tool 'tests.run'")
                .doesNotContain("'read_file', which is neither");
        assertThat(r.out()).contains("1 files, 0 errors, 2 warnings");
    }

    @Test
    void aDeclaredHarnessWithTheSandboxRequiredPassesStrictValidation() throws Exception {
        Path file = dir.resolve("t.harness.yaml");
        Files.writeString(file, HARNESS.replace("SANDBOX\n", "  tests.run: {}\nsandbox: required\n"));
        Result r = bridle("validate", "--strict", file.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void theRealCommandPrintsTheSandboxWarningAndExitsWithOne() throws Exception {
        Path file = write("sandbox: none\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "validate", "--strict", file.toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.WARNINGS);
        assertThat(Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8))
                .contains(file + ":7:1: warning: sandbox: none runs shell calls without the OS sandbox");
        assertThat(Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8))
                .contains("1 files, 0 errors, 3 warnings");
    }
}
