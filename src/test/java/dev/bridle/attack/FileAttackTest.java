package dev.bridle.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bridle.access.PathScope;
import dev.bridle.cli.Main;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.event.EventSink;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Effect;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Scenario;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.FsRead;
import dev.bridle.tool.FsWrite;
import dev.bridle.tool.ToolPort;
import dev.bridle.tool.ToolResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tools and scenario workspaces attacked as an agent, or a scenario's author, would: judged by a canary file
 * with random content in a sibling folder of the workspace. Its content never appears in a tool result or decision,
 * and nothing outside the workspace is created, changed or deleted (the outside tree is compared with its contents
 * before and after). Names of paths prove nothing.
 */
class FileAttackTest {

    private static final String NARROW = """
            bridle: 1
            name: narrow
            agents:
              a: { system: s, tools: [fs.read, fs.write, fs.list, fs.delete] }
            workflow:
              start: n
              nodes:
                n: { agent: a, next: done }
                done: { end: completed }
            permissions:
              default: deny
              rules:
                - { id: read-src, allow: fs.read, paths: ["src/**"] }
                - { id: write-src, allow: fs.write, paths: ["src/**"] }
                - { id: list-src, allow: fs.list, paths: ["src/**"] }
            """;

    private static final String OPEN = NARROW.replace("default: deny", "default: allow");

    @TempDir
    Path temp;

    private Path ws;
    private Path outside;
    private String canary;

    @BeforeEach
    void layout() throws IOException {
        ws = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        canary = "CANARY-" + UUID.randomUUID();
        Files.writeString(outside.resolve("secret.txt"), canary);
        Files.createDirectories(outside.resolve("nested"));
        Files.writeString(outside.resolve("nested/more.txt"), canary + "-nested");
        Files.createDirectories(ws.resolve("src"));
        Files.writeString(ws.resolve("src/a.txt"), "inside");
    }

    /** Every entry under {@code base} except {@code except}, with its kind and content: what "unchanged" means. */
    private static Map<String, String> snapshot(Path base, Path except) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.toList()) {
                if (except != null && p.startsWith(except)) {
                    continue;
                }
                String key = base.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(key, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(key, "folder");
                } else {
                    out.put(key, "file " + Files.readString(p));
                }
            }
        }
        return out;
    }

    private Map<String, String> outsideTree() throws IOException {
        return snapshot(temp, ws);
    }

    /** The engine's order: the gate decides; only an allowed call reaches the tool. */
    private record Attempt(ToolGate.Decision decision, Optional<ToolResult> result) {
        String text() {
            return decision + " " + result.map(ToolResult::output).orElse("");
        }
    }

    private Attempt attempt(String harness, String tool, String args) throws Exception {
        PathScope scope = PathScope.of(ws);
        PermissionGate gate = PermissionGate.of(HarnessReader.parse("h.harness.yaml", harness).harness(),
                Optional.of(scope));
        ToolPort tools = BuiltInTools.files(scope, gate.rules());
        ToolCall call = new ToolCall(tool, args);
        ToolGate.Decision decision = gate.check("a", call);
        Optional<ToolResult> result = decision.effect() == Effect.ALLOW
                ? Optional.of(tools.call("a", call)) : Optional.empty();
        return new Attempt(decision, result);
    }

    private static String path(String p) {
        return "{\"path\":\"" + p.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000") + "\"}";
    }

    private static String write(String p, String content) {
        return path(p).replace("}", ",\"content\":\"" + content + "\"}");
    }

    @Test
    void deniedCallsThatNameMissingParentsCreateNoFolderInsideOrOut() throws Exception {
        Map<String, String> before = snapshot(temp, null);
        List<Attempt> attempts = List.of(
                attempt(NARROW, "fs.read", path("ls/x")),
                attempt(NARROW, "fs.write", write("ls/deep/x.txt", "pwned")),
                attempt(NARROW, "fs.list", path("docs/a/b")),
                attempt(NARROW, "fs.delete", path("q/r/s.txt")),
                attempt(NARROW, "fs.write", write("docs/new/x.txt", canary)));
        for (Attempt a : attempts) {
            assertThat(a.decision().effect()).as(a.text()).isEqualTo(Effect.DENY);
        }
        assertThat(snapshot(temp, null)).as("the whole tree, workspace included").isEqualTo(before);
        assertThat(ws.resolve("ls")).doesNotExist();
    }

    @Test
    void allowedReadsAndListsOfMissingPathsCreateNothing() throws Exception {
        Map<String, String> before = snapshot(temp, null);
        Attempt read = attempt(NARROW, "fs.read", path("src/new/deep/x.txt"));
        Attempt list = attempt(NARROW, "fs.list", path("src/other/deeper"));
        assertThat(read.decision().effect()).isEqualTo(Effect.ALLOW);
        assertThat(read.result().orElseThrow().ok()).isFalse();
        assertThat(list.result().orElseThrow().ok()).isFalse();
        assertThat(snapshot(temp, null)).isEqualTo(before);
    }

    @Test
    void onlyAnAllowedWriteCreatesItsParentFolders() throws Exception {
        Attempt denied = attempt(NARROW, "fs.write", write("docs/a/b.txt", "x"));
        Attempt allowed = attempt(NARROW, "fs.write", write("src/a/b/c.txt", "made"));
        assertThat(denied.decision().effect()).isEqualTo(Effect.DENY);
        assertThat(ws.resolve("docs")).doesNotExist();
        assertThat(allowed.result().orElseThrow().ok()).as(allowed.text()).isTrue();
        assertThat(ws.resolve("src/a/b/c.txt")).hasContent("made");
    }

    @Test
    void symlinkSwapDuringParentCreationNeverCreatesOrChangesAnythingOutside() throws Exception {
        Path flip = Files.createDirectories(ws.resolve("src/flip"));
        Path parked = ws.resolve("src/.parked");
        Map<String, String> before = outsideTree();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    if (Files.isSymbolicLink(flip)) {
                        Files.delete(flip);
                        Files.move(parked, flip, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.move(flip, parked, StandardCopyOption.ATOMIC_MOVE);
                        Files.createSymbolicLink(flip, outside);
                    }
                    swaps.incrementAndGet();
                } catch (IOException e) {
                    // a write may hold the folder for a moment; try again
                }
            }
        });
        PathScope scope = PathScope.of(ws);
        FsWrite tool = new FsWrite(scope);
        int ok = 0;
        int refused = 0;
        long deadline = System.nanoTime() + 4_000_000_000L;
        swapper.start();
        try {
            for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
                ToolResult r = tool.call("a", new ToolCall("fs.write", write("src/flip/n" + i + "/deep/f.txt",
                        "written " + i)));
                assertThat(r.output()).doesNotContain(canary);
                if (r.ok()) {
                    ok++;
                } else {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(swaps.get()).as("swaps").isGreaterThan(10);
        assertThat(ok).as("writes that went in").isPositive();
        // how many were refused depends on the scheduler; what matters is that none of them left a trace outside
        assertThat(ok + refused).isPositive();
        assertThat(outsideTree()).as("the tree outside the workspace").isEqualTo(before);
    }

    @Test
    void hardLinkToAnOutsideFileIsNeverWrittenThroughOrRead() throws Exception {
        Files.createLink(ws.resolve("src/h.txt"), outside.resolve("secret.txt"));
        Map<String, String> before = outsideTree();
        Attempt gatedWrite = attempt(OPEN, "fs.write", write("src/h.txt", "pwned"));
        Attempt gatedRead = attempt(OPEN, "fs.read", path("src/h.txt"));
        assertThat(gatedWrite.decision().effect()).isEqualTo(Effect.DENY);
        assertThat(gatedWrite.decision().rule()).isEqualTo("path-scope");
        assertThat(gatedWrite.decision().resource()).contains("hard link");
        assertThat(gatedRead.decision().effect()).isEqualTo(Effect.DENY);
        PathScope scope = PathScope.of(ws);
        ToolResult write = new FsWrite(scope).call("a", new ToolCall("fs.write", write("src/h.txt", "pwned")));
        ToolResult read = new FsRead(scope).call("a", new ToolCall("fs.read", path("src/h.txt")));
        assertThat(write.ok()).isFalse();
        assertThat(write.output()).contains("hard link");
        assertThat(read.ok()).isFalse();
        assertThat(read.output()).contains("hard link").doesNotContain(canary);
        assertThat(gatedRead.text()).doesNotContain(canary);
        assertThat(outsideTree()).isEqualTo(before);
    }

    @Test
    void hardLinkMadeAfterTheCheckIsRefusedOnTheOpenedFile() throws Exception {
        Path file = Files.writeString(ws.resolve("src/late.txt"), "inside");
        PathScope scope = PathScope.of(ws);
        PermissionGate gate = PermissionGate.of(HarnessReader.parse("h.harness.yaml", OPEN).harness(),
                Optional.of(scope));
        ToolCall writeCall = new ToolCall("fs.write", write("src/late.txt", "pwned"));
        assertThat(gate.check("a", writeCall).effect()).isEqualTo(Effect.ALLOW);
        Files.delete(file);
        Files.createLink(file, outside.resolve("secret.txt"));
        Map<String, String> before = outsideTree();
        ToolResult write = BuiltInTools.files(scope, gate.rules()).call("a", writeCall);
        ToolResult read = BuiltInTools.files(scope, gate.rules()).call("a", new ToolCall("fs.read",
                path("src/late.txt")));
        assertThat(write.ok()).isFalse();
        assertThat(read.output()).doesNotContain(canary);
        assertThat(outsideTree()).isEqualTo(before);
        assertThat(outside.resolve("secret.txt")).hasContent(canary);
    }

    @Test
    void hardLinkSwappedInWhileWritesAndReadsGoOnNeverReachesTheOutsideFile() throws Exception {
        Path target = Files.writeString(ws.resolve("src/target.txt"), "INSIDE");
        Path staged = ws.resolve("src/.staged");
        Path secret = outside.resolve("secret.txt");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                try {
                    Files.deleteIfExists(staged);
                    if (i++ % 2 == 0) {
                        Files.createLink(staged, secret);
                    } else {
                        Files.writeString(staged, "INSIDE");
                    }
                    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    swaps.incrementAndGet();
                } catch (IOException e) {
                    // try again
                }
            }
        });
        PathScope scope = PathScope.of(ws);
        FsWrite write = new FsWrite(scope);
        FsRead read = new FsRead(scope);
        int refused = 0;
        long deadline = System.nanoTime() + 3_000_000_000L;
        swapper.start();
        try {
            for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
                ToolResult w = write.call("a", new ToolCall("fs.write", write("src/target.txt", "W" + i)));
                ToolResult r = read.call("a", new ToolCall("fs.read", path("src/target.txt")));
                assertThat(r.output()).doesNotContain(canary);
                refused += (w.ok() ? 0 : 1) + (r.ok() ? 0 : 1);
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(swaps.get()).as("swaps").isGreaterThan(10);
        assertThat(refused).as("calls that met the hard link and were refused").isPositive();
        assertThat(secret).hasContent(canary);
    }

    @Test
    void encodedAndUnicodePathsLeakNothing() throws Exception {
        Files.createSymbolicLink(ws.resolve("src/up"), Path.of("../../outside"));
        List<String> raws = List.of(
                "%2e%2e/outside/secret.txt", "src/%2e%2e/%2e%2e/outside/secret.txt", "..%2foutside%2fsecret.txt",
                "src/..%2f..%2f..%2foutside/secret.txt", "%252e%252e/outside/secret.txt",
                "%c0%ae%c0%ae/outside/secret.txt", "\uff0e\uff0e/outside/secret.txt",
                "src/\uff0e\uff0e/\uff0e\uff0e/outside/secret.txt", "..\u2215outside\u2215secret.txt",
                "src\u2215..\u2215..\u2215outside", "\u2024\u2024/outside/secret.txt",
                "src/\0/../../outside/secret.txt",
                "src/a.txt\0../../outside/secret.txt", "..\\outside\\secret.txt", "src\\..\\..\\outside\\secret.txt",
                "src/..\\../outside/secret.txt", "x".repeat(300) + "/../../outside/secret.txt",
                "src/" + "y".repeat(5000), "src/" + "d/".repeat(80) + "f.txt", "src/up/secret.txt",
                "src/up/../outside/secret.txt", "/" + outside.resolve("secret.txt"), "~/../outside/secret.txt",
                "src/\ufffd/../../outside/secret.txt", "src/\u202e/../../outside/secret.txt");
        Map<String, String> before = outsideTree();
        for (String raw : raws) {
            for (String tool : List.of("fs.read", "fs.list", "fs.write", "fs.delete")) {
                String args = tool.equals("fs.write") ? write(raw, "pwned") : path(raw);
                Attempt a = attempt(OPEN, tool, args);
                assertThat(a.text()).as("%s %s", tool, raw).doesNotContain(canary);
            }
        }
        assertThat(outsideTree()).isEqualTo(before);
    }

    // ---- scenario workspace keys ----

    private static final String SCENARIO_HARNESS = """
            bridle: 1
            name: h
            agents:
              a: { system: s, tools: [fs.read] }
            workflow:
              start: n
              nodes:
                n: { agent: a, next: done }
                done: { end: completed }
            permissions:
              default: deny
            """;

    private Path scenarioFile(String filesKey) throws IOException {
        Path project = Files.createDirectories(temp.resolve("project/h"));
        Files.writeString(temp.resolve("project/h.harness.yaml"), SCENARIO_HARNESS);
        return Files.writeString(project.resolve("escape.scenario.yaml"), """
                bridle: 1
                harness: ../h.harness.yaml
                task: t
                workspace:
                  files:
                    src/ok.txt: fine
                    "%s": pwned
                model:
                  turns:
                    - say: done
                expect:
                  outcome: completed
                """.formatted(filesKey.replace("\\", "\\\\").replace("\"", "\\\"")));
    }

    /** A relative key that climbs from the scenario runner's workspace folder to the canary. */
    private String climbingKeyToTheCanary() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        Path target = outside.resolve("secret.txt").toRealPath();
        // ROOT is tmp/bridle-scenario-N, the workspace ROOT/workspace: two more levels to climb
        return "../".repeat(tmp.getNameCount() + 2) + target.toString().substring(1);
    }

    @Test
    void scenarioFileKeyThatClimbsOutFailsValidationWithALocationAndRunsNothing() throws Exception {
        Path scenario = scenarioFile(climbingKeyToTheCanary());
        Map<String, String> before = outsideTree();

        DocumentException e = catchThrowableOfType(DocumentException.class, () -> ScenarioReader.read(scenario));
        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.render())
                .startsWith(scenario + ":7:")
                .contains("workspace.files key").contains("'..' segment"));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"validate", scenario.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isNotZero();
        assertThat(out + "" + err).contains(scenario + ":7:").contains("'..' segment");

        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "r");
        DocumentException run = catchThrowableOfType(DocumentException.class,
                () -> runner.run(scenario, EventSink.none()));
        assertThat(run.problems()).anySatisfy(p -> assertThat(p.message()).contains("'..' segment"));
        assertThat(outsideTree()).isEqualTo(before);
        assertThat(outside.resolve("secret.txt")).hasContent(canary);
    }

    @Test
    void bridleValidateInItsOwnProcessShowsWhereTheEscapingKeyIs() throws Exception {
        Path scenario = scenarioFile("../../x");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "validate", scenario.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(output).contains(scenario + ":7:5: workspace.files key '../../x' has a '..' segment")
                .contains("1 files, 1 errors");
    }

    @Test
    void scenarioAbsoluteFileKeyFailsValidationWithALocation() throws Exception {
        Path scenario = scenarioFile(outside.resolve("secret.txt").toString());
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> ScenarioReader.read(scenario));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.render())
                .startsWith(scenario + ":7:").contains("is absolute"));
        assertThat(outside.resolve("secret.txt")).hasContent(canary);
    }

    @Test
    void scenarioRunnerRefusesEscapingKeysEvenWhenValidationWasBypassed() throws Exception {
        Path file = scenarioFile("src/also-ok.txt");
        ScenarioReader.Loaded valid = ScenarioReader.read(file);
        HarnessReader.Loaded harness = HarnessReader.read(valid.harnessFile());
        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "r");
        Map<String, String> before = outsideTree();
        List<Scenario.Workspace> attacks = new ArrayList<>(List.of(
                new Scenario.Workspace(Map.of(climbingKeyToTheCanary(), "pwned"), Map.of(), Map.of()),
                new Scenario.Workspace(Map.of(outside.resolve("secret.txt").toString(), "pwned"), Map.of(), Map.of()),
                new Scenario.Workspace(Map.of(), Map.of(), Map.of(climbingKeyToTheCanary(), "pwned")),
                new Scenario.Workspace(Map.of(), Map.of("l", outside.toString()), Map.of()),
                new Scenario.Workspace(Map.of(), Map.of("l", "../../../" + outside.getFileName()), Map.of())));
        for (Scenario.Workspace attack : attacks) {
            Scenario s = valid.scenario();
            Scenario bad = new Scenario(s.name(), s.description(), s.task(), s.harness(), s.script(), s.tools(),
                    s.approvals(), s.expect(), s.pending(), Optional.of(attack));
            UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> runner.run(harness,
                    new ScenarioReader.Loaded(bad, valid.source(), valid.file()), EventSink.none()));
            assertThat(e).as("%s", attack).isNotNull();
            assertThat(e.getMessage()).contains("cannot create the scenario's workspace");
        }
        assertThat(outsideTree()).isEqualTo(before);
        assertThat(outside.resolve("secret.txt")).hasContent(canary);
    }
}
