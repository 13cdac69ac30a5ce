package dev.bridle.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.PathScope;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.runtime.BridleRuntime;
import dev.bridle.runtime.Decision;
import dev.bridle.runtime.RunOptions;
import dev.bridle.runtime.Session;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.sandbox.Harnesses;
import dev.bridle.tool.sandbox.RequiresSandbox;
import dev.bridle.tool.sandbox.Sandbox;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings of the adversarial review of issue 17, each judged by a canary file outside the workspace: its random
 * content must never show in a decision, event or tool result, and nothing outside the workspace may be created,
 * changed or deleted (the tree beside the workspace is compared, contents included). Path strings prove nothing.
 *
 * <p>Tests named {@code finding...} failed on the reviewed code (each was an escape) and pass since the fixes: unquoted
 * glob and tilde characters are refused by the shell analysis, the value of a {@code NAME=VALUE} word is a path word,
 * files with more than one name are bound read-only inside writable folders, and the gate refuses a special address
 * literal for every tool that fetches. Tests named {@code holds...} are regression tests for attacks that were tried
 * and held. The findings:
 *
 * <ol>
 *   <li>a declared {@code runs:} tool is analysed as a vector that nothing expands, but a framework's terminal tool
 *       hands the line to a shell: globs ({@code docs/*}{@code /canary.txt}, {@code *-out}) reach links the gate never
 *       saw, and {@code if=~/x} is the user's home;
 *   <li>{@code KEY=PATH} operands ({@code dd if=../x of=../y}) are no path words at all (foreign {@code runs:} tools,
 *       and the built-in shell under {@code sandbox: none});
 *   <li>the sandboxed shell writes in place through a hard link that the workspace already holds, when the command
 *       names only its folder ({@code cp docs/new/f docs/}), changing the outside file;
 *   <li>a declared {@code fetches:} tool gets no address check: a host glob reaches loopback.
 * </ol>
 *
 * <p>Foreign tools ({@code tools: { run_terminal_cmd: { runs: command } }}) are executed here as a real framework's
 * terminal tool executes them: the command string handed to {@code /bin/bash -c} in the workspace, with the user's
 * {@code HOME} (a folder outside the workspace, where the canary lives). Bridle does not run these tools, so the gate
 * is the only boundary.
 */
class ReviewFindingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    Path ws;
    Path outside;
    String canary;
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void layout() throws Exception {
        root = root.toRealPath();
        ws = Files.createDirectories(root.resolve("ws"));
        outside = Files.createDirectories(root.resolve("outside"));
        canary = "canary-" + UUID.randomUUID();
        Files.writeString(outside.resolve("canary.txt"), canary + "\n");
        Files.createDirectories(ws.resolve("docs"));
        Files.writeString(ws.resolve("docs/index.md"), "# Docs\n");
        // A link the workspace already holds (a checkout, a shared folder): the gate refuses any path through it.
        Files.createSymbolicLink(ws.resolve("docs/shared"), Path.of("../../outside"));
        Files.createSymbolicLink(ws.resolve("link-out"), outside.resolve("canary.txt"));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Finding 1: a declared `runs:` tool is analysed as if nothing were expanded, but its command goes to a real shell

    private static final String FOREIGN = """
            bridle: 1
            name: foreign-review
            agents:
              assistant: { system: tidies docs, tools: [run_terminal_cmd, read_file, web_fetch] }
            tools:
              run_terminal_cmd: { runs: command }
              read_file: { reads: file_path }
              web_fetch: { fetches: url }
            workflow:
              start: assistant
              nodes:
                assistant: { agent: assistant, next: done }
                done: { end: completed }
            permissions:
              default: deny
              rules:
            RULES
            """;

    private static Harness foreign(String... rules) throws Exception {
        StringBuilder r = new StringBuilder();
        for (String rule : rules) {
            r.append("    - ").append(rule).append('\n');
        }
        return HarnessReader.parse("foreign-review.harness.yaml", FOREIGN.replace("RULES\n", r.toString())).harness();
    }

    /**
     * One call of a declared terminal tool through the embeddable runtime (how a framework uses Bridle); when the
     * runtime lets it proceed, the command runs as the framework's terminal tool runs it: {@code bash -c} in the
     * workspace, with {@code HOME} the user's home folder (outside the workspace).
     */
    private Decision terminal(Harness harness, String command) throws Exception {
        Map<String, String> before = snapshot();
        String args = JSON.writeValueAsString(Map.of("command", command));
        List<RunEvent> events = new ArrayList<>();
        Decision d;
        try (Session session = BridleRuntime.of(harness).startRun(RunOptions.defaults().withWorkspace(ws)
                .withEvents(events::add)).session("assistant")) {
            d = session.beforeToolCall("run_terminal_cmd", args);
            seen.add(d.toString());
            if (d.proceeds()) {
                seen.add(bash(command));
            }
        }
        for (RunEvent e : events) {
            seen.add(EventJson.write(e));
        }
        judge(before);
        return d;
    }

    private String bash(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", command).directory(ws.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", outside.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void findingForeignRunsToolGlobInAScopedPathReachesThroughALinkTheGateNeverSaw() throws Exception {
        Harness h = foreign("{ id: cat-docs, allow: \"run_terminal_cmd:cat\", paths: [\"docs/**\"] }");
        // The control: the same path written out is refused by path-scope.
        assertThat(terminal(h, "cat docs/shared/canary.txt")).isInstanceOf(Decision.Deny.class);
        // The gate reads 'docs/shar?' as a missing folder inside docs/; bash expands it to the link docs/shared.
        terminal(h, "cat docs/*/canary.txt");
        terminal(h, "cat docs/shar?/canary.txt");
        terminal(h, "cat docs/[s]hared/canary.txt");
    }

    @Test
    void findingForeignRunsToolBareGlobNamesALinkOutside() throws Exception {
        Harness h = foreign("{ id: cat, allow: \"run_terminal_cmd:cat\" }");
        assertThat(terminal(h, "cat link-out")).isInstanceOf(Decision.Deny.class);
        // '*-out' neither looks like a path nor names an entry, so it is no path word at all.
        terminal(h, "cat *-out");
    }

    @Test
    void findingForeignRunsToolKeyValueOperandIsNoPathWord() throws Exception {
        Harness h = foreign("{ id: dd, allow: \"run_terminal_cmd:dd\" }");
        assertThat(terminal(h, "cat ../outside/canary.txt")).as("the control: a plain outside path is refused")
                .isInstanceOf(Decision.Deny.class);
        // dd's operands are KEY=PATH: the gate reads 'if=../outside/canary.txt' as a path whose first folder is
        // named 'if=..', inside the workspace; dd opens ../outside/canary.txt.
        terminal(h, "dd if=../outside/canary.txt status=none");
    }

    @Test
    void findingForeignRunsToolKeyValueOperandWritesOutside() throws Exception {
        Harness h = foreign("{ id: dd, allow: \"run_terminal_cmd:dd\" }");
        terminal(h, "dd if=docs/index.md of=../outside/made status=none");
    }

    @Test
    void findingForeignRunsToolTildeAfterAnEqualsSignIsTheUsersHome() throws Exception {
        Harness h = foreign("{ id: dd, allow: \"run_terminal_cmd:dd\" }");
        // bash expands '~' after the '=' of a word shaped like an assignment: if=~/x is if=$HOME/x.
        terminal(h, "dd if=~/canary.txt status=none");
    }

    @Test
    void findingUnsandboxedBuiltInShellKeyValueOperandPassesThePathScope() throws Exception {
        // 'sandbox: none' trusts the allowed programs, but the docs promise that the analysis and the real-path check
        // still apply; the same command with a plain ../ word is refused by path-scope.
        Map<String, String> before = snapshot();
        PathScope scope = PathScope.of(ws);
        PermissionGate gate = PermissionGate.of(Harnesses.harness("{ id: dd, allow: \"shell:dd\" }").harness(),
                Optional.of(scope));
        BuiltInTools tools = BuiltInTools.files(scope, gate.rules(), Sandbox.none());
        ToolCall control = new ToolCall("shell", JSON.writeValueAsString(Map.of("command",
                "dd ../outside/canary.txt")));
        assertThat(gate.check("a", control).rule()).isEqualTo("path-scope");
        ToolCall call = new ToolCall("shell", JSON.writeValueAsString(Map.of("command",
                "dd if=../outside/canary.txt status=none")));
        ToolGate.Decision d = gate.check("a", call);
        seen.add(d.toString());
        if (d.effect() == Effect.ALLOW) {
            seen.add(tools.call("a", call).output());
        }
        judge(before);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Finding 3: a declared `fetches:` tool gets no address check, so a host glob reaches loopback

    @Test
    void findingForeignFetchToolReachesLoopbackThroughAHostGlob() throws Exception {
        Map<String, String> before = snapshot();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = Files.readAllBytes(outside.resolve("canary.txt"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            // The same rule on http.get: the gate lets 127.0.0.1 through, the tool refuses it by 'http-address'.
            Harness h = foreign("{ id: any-host, allow: web_fetch, hosts: [\"**:" + port + "\"] }");
            String url = "http://127.0.0.1:" + port + "/secret";
            List<RunEvent> events = new ArrayList<>();
            try (Session session = BridleRuntime.of(h).startRun(RunOptions.defaults().withWorkspace(ws)
                    .withEvents(events::add)).session("assistant")) {
                Decision d = session.beforeToolCall("web_fetch", JSON.writeValueAsString(Map.of("url", url)));
                seen.add(d.toString());
                if (d.proceeds()) {
                    // the framework's own fetcher, trusting the gate
                    try (HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
                        seen.add(client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                    }
                }
            }
            events.forEach(e -> seen.add(EventJson.write(e)));
        } finally {
            server.stop(0);
        }
        judge(before);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Finding 2: the sandboxed shell writes through a hard link the workspace already holds

    @Test
    void findingSandboxedCpIntoAWritableFolderOverwritesTheOutsideFileThroughAnExistingHardLink() throws Exception {
        Sandbox sandbox = RequiresSandbox.bubblewrap();
        // Made from outside before the run, as in ShellAttackTest's hard-link case: the gate refuses a command that
        // names it, and fs.write refuses to write it. A command that names only its folder is not refused.
        Files.createLink(ws.resolve("docs/old-link"), outside.resolve("canary.txt"));
        Files.createDirectories(ws.resolve("docs/new"));
        Files.writeString(ws.resolve("docs/new/old-link"), "overwritten\n");
        Map<String, String> before = snapshot();
        String[] rules = {"{ id: cp, allow: \"shell:cp\" }", "{ id: w, allow: fs.write, paths: [\"docs/**\"] }"};
        PathScope scope = PathScope.of(ws);
        PermissionGate gate = PermissionGate.of(Harnesses.harness(rules).harness(), Optional.of(scope));
        BuiltInTools tools = BuiltInTools.files(scope, gate.rules(), sandbox);
        ToolCall named = new ToolCall("shell", JSON.writeValueAsString(Map.of("command", "cp docs/new/old-link "
                + "docs/old-link")));
        assertThat(gate.check("a", named).effect()).as("naming the hard link is refused").isEqualTo(Effect.DENY);
        ToolCall call = new ToolCall("shell", JSON.writeValueAsString(Map.of("command", "cp docs/new/old-link docs/")));
        ToolGate.Decision d = gate.check("a", call);
        seen.add(d.toString());
        if (d.effect() == Effect.ALLOW) {
            seen.add(tools.call("a", call).output());
        }
        judge(before);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Held: regression tests

    @Test
    void holdsForeignReadFileGivenTwiceWithAnEscapedKey() throws Exception {
        Harness h = foreign("{ id: read-docs, allow: read_file, paths: [\"docs/**\"] }");
        Map<String, String> before = snapshot();
        String args = "{\"file_path\":\"docs/index.md\",\"file\\u005fpath\":\"../outside/canary.txt\"}";
        try (Session session = BridleRuntime.of(h).startRun(RunOptions.defaults().withWorkspace(ws))
                .session("assistant")) {
            Decision d = session.beforeToolCall("read_file", args);
            seen.add(d.toString());
            assertThat(d).isInstanceOf(Decision.Deny.class);
            // Python's json.loads keeps the last file_path; a framework would read the canary if this proceeded.
            if (d.proceeds()) {
                seen.add(Files.readString(ws.resolve("../outside/canary.txt")));
            }
        }
        judge(before);
    }

    @Test
    void holdsForeignCallsWithAToolNameInAnotherCase() throws Exception {
        Harness h = foreign("{ id: read-docs, allow: read_file, paths: [\"docs/**\"] }");
        try (Session session = BridleRuntime.of(h).startRun(RunOptions.defaults().withWorkspace(ws))
                .session("assistant")) {
            Decision d = session.beforeToolCall("Read_File", "{\"file_path\":\"../outside/canary.txt\"}");
            seen.add(d.toString());
            assertThat(d.proceeds()).isFalse();
        }
    }

    @Test
    void holdsTheBuiltInShellDoesNotExpandGlobsOrTildes() throws Exception {
        Sandbox sandbox = RequiresSandbox.bubblewrap();
        Map<String, String> before = snapshot();
        String[][] cases = {
            {"{ id: cat-docs, allow: \"shell:cat\", paths: [\"docs/**\"] }", "cat docs/shar?/canary.txt"},
            {"{ id: cat, allow: \"shell:cat\" }", "cat *-out"},
            {"{ id: dd, allow: \"shell:dd\" }", "dd if=~/canary.txt status=none"},
            {"{ id: dd, allow: \"shell:dd\" }", "dd if=/proc/1/root" + outside + "/canary.txt status=none"},
            {"{ id: cp, allow: \"shell:cp\" }\n    - { id: w, allow: fs.write }", "cp -- link-out docs/x"},
            {"{ id: cp, allow: \"shell:cp\" }\n    - { id: w, allow: fs.write }", "cp -rL docs/shared docs/copy"},
            {"{ id: ln, allow: \"shell:ln\" }\n    - { id: w, allow: fs.write }", "ln -s /proc/self/root docs/r"},
            {"{ id: sort, allow: \"shell:sort\" }\n    - { id: w, allow: fs.write }",
                "sort -o " + outside + "/made docs/index.md"},
            {"{ id: grep, allow: \"shell:grep\" }", "grep -f ../outside/canary.txt -r docs"},
            {"{ id: grep, allow: \"shell:grep\" }", "grep -r -e canary docs/shared/"},
        };
        for (String[] c : cases) {
            PathScope scope = PathScope.of(ws);
            PermissionGate gate = PermissionGate.of(Harnesses.harness(c[0]).harness(), Optional.of(scope));
            BuiltInTools tools = BuiltInTools.files(scope, gate.rules(), sandbox);
            ToolCall call = new ToolCall("shell", JSON.writeValueAsString(Map.of("command", c[1])));
            ToolGate.Decision d = gate.check("a", call);
            seen.add(d.toString());
            if (d.effect() == Effect.ALLOW) {
                seen.add(tools.call("a", call).output());
            }
            // and straight to the sandboxed tool, as if the gate had let it through
            seen.add(tools.call("a", call).output());
        }
        // fs.read after a sandboxed 'ln -s /proc/self/root': the link must not lead the file tools outside
        PathScope scope = PathScope.of(ws);
        BuiltInTools files = BuiltInTools.files(scope, null, sandbox);
        seen.add(files.call("a", new ToolCall("fs.read", JSON.writeValueAsString(Map.of("path",
                "docs/r" + outside + "/canary.txt")))).output());
        judge(before);
    }

    @Test
    void holdsFileToolsWithOddPathsThroughTheGateAndStraightToTheTools() throws Exception {
        Map<String, String> before = snapshot();
        String[] rules = {"{ id: r, allow: fs.read }", "{ id: w, allow: fs.write }", "{ id: l, allow: fs.list }",
            "{ id: d, allow: fs.delete }"};
        // an NFD name beside the NFC one, a link named by a look-alike of its name in the other form
        Files.createSymbolicLink(ws.resolve("docs/caf\u00e9"), Path.of("../../outside"));
        String deep = "a/".repeat(200);
        List<ToolCall> calls = new ArrayList<>();
        for (String path : List.of("docs/cafe\u0301/canary.txt", "docs/caf\u00e9/canary.txt", "docs/SHARED/canary.txt",
                "docs/shared/../shared/canary.txt", "docs//shared/canary.txt", "docs/./shared/canary.txt",
                "docs/shared/", "docs/shared", "link-out", "link-out/", "docs/shared/new/x", deep + "../../x",
                "docs/index.md/../../outside/canary.txt", "docs/shared\u0000/canary.txt", "docs\\..\\..\\outside",
                "%2e%2e/outside/canary.txt", "docs/shared\u200b/canary.txt")) {
            calls.add(new ToolCall("fs.read", JSON.writeValueAsString(Map.of("path", path))));
            calls.add(new ToolCall("fs.list", JSON.writeValueAsString(Map.of("path", path))));
            calls.add(new ToolCall("fs.write", JSON.writeValueAsString(Map.of("path", path, "content", "x"))));
            calls.add(new ToolCall("fs.delete", JSON.writeValueAsString(Map.of("path", path))));
        }
        PathScope scope = PathScope.of(ws);
        PermissionGate gate = PermissionGate.of(Harnesses.harness(rules).harness(), Optional.of(scope));
        BuiltInTools tools = BuiltInTools.files(scope, gate.rules(), Sandbox.none());
        for (ToolCall call : calls) {
            ToolGate.Decision d = gate.check("a", call);
            seen.add(d.toString());
            seen.add(tools.call("a", call).output());
        }
        judge(before);
    }

    // ----------------------------------------------------------------------------------------------------------------

    private void judge(Map<String, String> before) throws Exception {
        if (Boolean.getBoolean("bridle.test.trace")) {
            seen.forEach(text -> System.err.println("  | " + text.replace("\n", "\n  | ")));
        }
        assertThat(seen).as("decisions, events and results").noneMatch(text -> text.contains(canary));
        assertThat(snapshot()).as("the tree beside the workspace").isEqualTo(before);
    }

    /** Everything under the temporary root but the workspace, with the content digest of every file. */
    private Map<String, String> snapshot() throws Exception {
        return OutsideTree.snapshot(root, ws);
    }
}
