package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line run as a user runs it: {@code java -jar target/bridle.jar} and {@code target/bridle} as
 * separate processes, with real standard output and error and real exit codes. Runs after {@code package}, in
 * {@code mvn verify} (failsafe).
 */
@Execution(ExecutionMode.CONCURRENT) // each test starts its own processes in its own folder
class ProgramIT {

    private static final String RUNAWAY = "sample-policies/runaway-agent.harness.yaml";
    private static final String LOOPS = "sample-policies/runaway-agent/loops-forever.scenario.yaml";
    private static final String IN_BOUNDS = "sample-policies/runaway-agent/answers-in-bounds.scenario.yaml";

    @TempDir
    Path dir;

    private Program bridle;
    private String db;

    @BeforeEach
    void setUp() {
        bridle = new Program(dir.resolve("home"), Program.project());
        db = "jdbc:h2:file:" + dir.resolve("store/runs");
    }

    @Test
    void versionIsTheJarsVersion() {
        Program.Result r = bridle.jar("--version");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).matches("bridle \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theCommandsWithRequiredArgumentsAnswerHelpAndVersion() throws Exception {
        // Every command's help is checked in-process by HelpTest; these are the ones whose required arguments once
        // made --help an error, run as the program a user starts.
        List<List<String>> commands = List.of(List.of("--help"), List.of("run", "--help"), List.of("test", "--help"),
                List.of("record", "--help"), List.of("whatif", "--help"), List.of("runs", "show", "--version"));
        // Two at a time: each is a JVM of its own.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Program.Result>> results = new ArrayList<>();
            for (List<String> c : commands) {
                results.add(pool.submit(() -> bridle.jar(c.toArray(String[]::new))));
            }
            for (int i = 0; i < commands.size(); i++) {
                Program.Result r = results.get(i).get();
                List<String> c = commands.get(i);
                String name = String.join(" ", c.subList(0, c.size() - 1));
                assertThat(r.code()).as(c + ": " + r).isZero();
                assertThat(r.out()).as(c.toString()).startsWith(c.getLast().equals("--help")
                        ? "Usage: bridle" + (name.isEmpty() ? "" : " " + name) : "bridle ").doesNotContain("null");
                assertThat(r.err()).as(c.toString()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validateAcceptsTheSamples() {
        Program.Result r = bridle.jar("validate", "--strict", "sample-policies");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(": ok").endsWith(" files, 0 errors, 0 warnings\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateShowsEachProblemsLocationPointerAndCaretOnStandardError() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.harness.yaml"), "bridle: 1\nname: x\nagents: [\n");
        Path sub = Files.writeString(dir.resolve("sub.harness.yaml"), """
                bridle: 1
                name: sub
                agents:
                  lead: { system: You lead., tools: [fs.read] }
                  helper: { system: You help., tools: [fs.write], parent: lead }
                workflow:
                  start: work
                  nodes:
                    work: { agent: lead, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 5 } }
                permissions:
                  default: deny
                """);
        Program.Result r = bridle.jar("validate", bad.toString(), sub.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEqualTo("2 files, 2 errors, 0 warnings\n");
        assertThat(r.errLines()).as(r.toString()).hasSize(8);
        // The list opened on line 3 is never closed: the problem is where the file ends.
        assertThat(r.errLines().get(0))
                .isEqualTo(bad + ":4:1: syntax error: expected a value, but found the end of the file");
        assertThat(r.errLines().subList(1, 4)).containsExactly("    at /", " 4 | ", "   | ^");
        assertThat(r.errLines().get(4)).startsWith(sub + ":5:32: subagent 'helper' is offered tool 'fs.write'");
        assertThat(r.errLines().subList(5, 8)).containsExactly("    at /agents/helper/tools",
                " 5 |   helper: { system: You help., tools: [fs.write], parent: lead }",
                "   |                                ^");
    }

    @Test
    void validateOnAFolderWithNothingToCheckFails() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a harness");
        Program.Result r = bridle.jar("validate", empty.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("bridle: nothing to check: ").contains(empty.toString());
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void aRunIsPrintedRecordedAndReadBackFromTheStore() {
        Program.Result run = bridle.jar("run", RUNAWAY, "--scenario", LOOPS, "--db", db);
        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(run.outLines().getLast()).isEqualTo("stopped by guard 'budget' (steps=12 (limit steps.max=12)) at step 12");
        assertThat(run.out()).contains("recorded in " + db);
        assertThat(run.err()).isEmpty();

        Program.Result list = bridle.jar("runs", "list", "--db", db);
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.outLines()).hasSize(1).allMatch(l -> l.contains("stopped") && l.contains("runaway-agent"));
        String first = list.outLines().getFirst().split("\\s+")[0];

        Program.Result show = bridle.jar("runs", "show", first, "--db", db);
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.outLines().getFirst()).contains("run.started");
        assertThat(show.outLines().getLast()).isEqualTo("stopped: guard 'budget' (steps=12 (limit steps.max=12))");
        assertThat(show.out()).isEqualTo(run.out().lines()
                .filter(l -> !l.startsWith("recorded in ") && !l.startsWith("stopped by "))
                .map(l -> l + "\n").reduce("", String::concat) + "stopped: guard 'budget' (steps=12 (limit steps.max=12))\n");

        Program.Result permissions = bridle.jar("runs", "permissions", first, "--db", db);
        assertThat(permissions.code()).as(permissions.toString()).isZero();
        assertThat(permissions.err()).isEmpty();

        Program.Result compare = bridle.jar("runs", "compare", first, "no-such-run", "--db", db);
        assertThat(compare.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(compare.err()).isEqualTo("bridle: no run 'no-such-run' in " + db + "\n");
    }

    @Test
    void theSampleScenariosPass() {
        Program.Result r = bridle.jar("test", "sample-policies");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.outLines()).anyMatch(l -> l.startsWith("PASS ") && l.contains("loops-forever"));
        assertThat(r.outLines().getLast()).matches("\\d+ passed, 0 failed, \\d+ pending, 0 invalid");
    }

    @Test
    void explainAnswersWithTheDecidingRuleAndItsExitCode() {
        Program.Result deny = bridle.jar("explain", "sample-policies/over-trusted-agent.harness.yaml",
                "--agent", "assistant", "--tool", "fs.read", "--path", "secrets/key");
        assertThat(deny.code()).as(deny.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(deny.out()).contains("deny");
    }

    @Test
    void schemaIsJsonSchema() throws IOException {
        Program.Result r = bridle.jar("schema");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode schema = new ObjectMapper().readTree(r.out());
        assertThat(schema.path("$schema").asText()).contains("json-schema.org");
    }

    @Test
    void aSignedBundleIsExportedAndVerified() {
        Path keys = dir.resolve("keys");
        Path bundle = dir.resolve("bundle");
        Program.Result keygen = bridle.jar("keygen", "--out", keys.toString());
        assertThat(keygen.code()).as(keygen.toString()).isZero();
        Program.Result export = bridle.jar("export", RUNAWAY, "--out", bundle.toString(),
                "--sign", keys.resolve("bridle-signing.pem").toString());
        assertThat(export.code()).as(export.toString()).isZero();
        assertThat(export.out()).startsWith("wrote bundle " + bundle).contains(", signed");
        Program.Result verify = bridle.jar("verify-bundle", bundle.toString(),
                "--key", keys.resolve("bridle-signing.pub.pem").toString());
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("valid").contains("signature verified");
    }

    @Test
    void aRecordedRunIsReplayedAgainstAnotherHarness() throws IOException {
        Path jsonl = dir.resolve("run.jsonl");
        Program.Result record = bridle.jar("record", RUNAWAY, "--scenario", IN_BOUNDS, "--jsonl", jsonl.toString());
        assertThat(record.code()).as(record.toString()).isZero();
        assertThat(record.out()).startsWith("wrote ").contains(jsonl.toString());
        Program.Result same = bridle.jar("whatif", "--jsonl", jsonl.toString(), "--harness", RUNAWAY);
        assertThat(same.code()).as(same.toString()).isZero();
        // A tighter step budget stops the recorded run before it completes.
        Path tighter = Files.writeString(dir.resolve("tighter.harness.yaml"),
                Files.readString(Program.project().resolve(RUNAWAY)).replace("max: 12", "max: 1"));
        Program.Result different = bridle.jar("whatif", "--jsonl", jsonl.toString(), "--harness", tighter.toString());
        assertThat(different.code()).as(different.toString()).isEqualTo(ExitCodes.WARNINGS);
    }

    @Test
    void aWrongOptionIsOneMessageAndExitCodeTwo() {
        Program.Result r = bridle.jar("run", "--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theWrapperScriptRunsTheJarWithTheJdkOfJavaHome() {
        Program.Result r = bridle.wrapper("run", RUNAWAY, "--scenario", IN_BOUNDS, "--no-record");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.outLines().getLast()).isEqualTo("completed by rule 'answered' after 3 steps");
        assertThat(r.err()).as("no JVM warnings").isEmpty();
    }

    @Test
    void theWrapperStartsWithTheAotCacheThePackageRecordedAndAMovedCopyStartsQuietlyWithoutIt() throws IOException {
        Path target = Program.target();
        assertThat(target.resolve("bridle.aot")).as("mvn package records the cache").isRegularFile();
        // The JVM's own log, turned back on through the options that come after the script's: the cache opens and
        // matches the jar and this JDK.
        Program.Result logged = bridle.run(List.of(target.resolve("bridle").toString(), "--version"),
                Map.of("JAVA_HOME", Program.javaHome().toString(), "BRIDLE_JAVA_OPTIONS", "-Xlog:aot=info"));
        assertThat(logged.code()).as(logged.toString()).isZero();
        assertThat(logged.out()).contains("Opened AOT cache " + target.resolve("bridle.aot").toRealPath())
                .doesNotContain("[error");
        // A copy elsewhere no longer matches its class path: the JVM goes on without the cache and says nothing.
        Path moved = Files.createDirectories(dir.resolve("moved"));
        for (String name : List.of("bridle", "bridle.jar", "bridle.aot")) {
            Files.copy(target.resolve(name), moved.resolve(name));
        }
        moved.resolve("bridle").toFile().setExecutable(true);
        Program.Result copy = bridle.run(List.of(moved.resolve("bridle").toString(), "--version"),
                Map.of("JAVA_HOME", Program.javaHome().toString()));
        assertThat(copy.code()).as(copy.toString()).isZero();
        assertThat(copy.out()).startsWith("bridle ").hasLineCount(1);
        assertThat(copy.err()).isEmpty();
    }

    @Test
    void theWrapperScriptRefusesAJdkOlderThan25InOneLine() throws IOException {
        Path old = Files.createDirectories(dir.resolve("jdk17/bin"));
        Files.writeString(dir.resolve("jdk17/release"), "JAVA_VERSION=\"17.0.9\"\n");
        Program.Result r = bridle.run(List.of(Program.target().resolve("bridle").toString(), "--version"),
                Map.of("JAVA_HOME", old.getParent().toString()));
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("bridle: '" + old.resolve("java") + "' is Java 17.0.9; Bridle needs Java 25"
                + " or newer (set JAVA_HOME)\n");
    }

    @Test
    void theWorkbenchLauncherAnswersHelpWithoutAJvmOrADisplay() {
        Program.Result r = bridle.run(List.of(Program.target().resolve("workbench/bridle-workbench").toString(),
                "--help"), Map.of("JAVA_HOME", Program.javaHome().toString()));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: bridle-workbench [--folder=PATH] [--db=JDBC_URL] [--open=FILE]\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theWorkbenchWithoutADisplaySaysSoInOneLine() throws IOException {
        String line = "bridle-workbench: no display to open the window on (DISPLAY is not set); start it in a desktop"
                + " session, or use the command line (target/bridle) without one\n";
        // The launcher, which checks before it starts a JVM (the children never see DISPLAY)...
        Program.Result launcher = bridle.run(List.of(Program.target().resolve("workbench/bridle-workbench")
                .toString()), Map.of("JAVA_HOME", Program.javaHome().toString()));
        assertThat(launcher.code()).as(launcher.toString()).isEqualTo(2);
        assertThat(launcher.err()).isEqualTo(line);
        assertThat(launcher.out()).isEmpty();
        // ...and the workbench's main, as `mvn javafx:run` starts it.
        Path wb = Program.target().resolve("workbench");
        String modules;
        String classpath;
        try (Stream<Path> fx = Files.list(wb.resolve("javafx")); Stream<Path> lib = Files.list(wb.resolve("lib"))) {
            modules = fx.map(Path::toString).collect(Collectors.joining(":"));
            classpath = Stream.concat(Stream.of(wb.resolve("bridle-thin.jar")), lib).map(Path::toString)
                    .collect(Collectors.joining(":"));
        }
        Program.Result main = bridle.run(List.of(Program.javaHome().resolve("bin/java").toString(),
                "--module-path", modules, "--add-modules", "javafx.controls", "-cp", classpath,
                "dev.bridle.app.Workbench"), Map.of());
        assertThat(main.code()).as(main.toString()).isEqualTo(2);
        assertThat(main.err()).isEqualTo(line);
    }

    @Test
    void aClosedPipeEndsALongListingAtOnceAndQuietly() throws Exception {
        String id = importLongRun(50_000);
        Process p = bridle.start(bridle.jarCommand("runs", "show", id, "--db", db), Map.of());
        p.getOutputStream().close();
        String firstLine;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            firstLine = out.readLine();
        }
        long closed = System.nanoTime();
        boolean ended = p.waitFor(20, TimeUnit.SECONDS);
        Duration after = Duration.ofNanos(System.nanoTime() - closed);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("ended after its reader went").isTrue();
        assertThat(firstLine).contains("run.started");
        assertThat(after).as("time from the closed pipe to the end").isLessThan(Duration.ofSeconds(5));
        assertThat(p.exitValue()).isEqualTo(ExitCodes.CLOSED_OUTPUT);
        assertThat(err).isEmpty();
    }

    /** A run of {@code events} events in the store, written as the JSON lines `runs export` writes and imported. */
    private String importLongRun(int events) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("{\"bridle\":\"run\",\"format\":1,\"id\":\"long-run\",\"harness\":\"long\",\"harnessDigest\":\"0\","
                + "\"model\":\"mock:long\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"endedAt\":\"2026-01-01T00:01:00Z\","
                + "\"outcome\":\"stopped\",\"reason\":\"guard 'budget'\",\"rule\":\"budget\",\"steps\":" + events
                + "}");
        lines.add("{\"kind\":\"run.started\",\"seq\":1,\"at\":\"2026-01-01T00:00:00Z\",\"step\":0,\"harness\":\"long\","
                + "\"model\":\"mock:long\"}");
        for (int seq = 2; seq < events; seq++) {
            lines.add("{\"kind\":\"node.entered\",\"seq\":" + seq + ",\"at\":\"2026-01-01T00:00:01Z\",\"step\":" + seq
                    + ",\"node\":\"research\",\"agent\":\"researcher\"}");
        }
        lines.add("{\"kind\":\"run.ended\",\"seq\":" + events + ",\"at\":\"2026-01-01T00:01:00Z\",\"step\":" + events
                + ",\"outcome\":\"STOPPED\",\"reason\":\"guard 'budget'\",\"rule\":\"budget\"}");
        Path file = Files.write(dir.resolve("long.jsonl"), lines);
        Program.Result imported = bridle.jar("runs", "import", file.toString(), "--db", db);
        assertThat(imported.code()).as(imported.toString()).isZero();
        return imported.out().strip().substring("imported run ".length());
    }
}
