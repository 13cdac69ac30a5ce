package dev.bridle.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.PathScope;
import dev.bridle.engine.Approver;
import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.engine.PermissionGate;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.model.ScriptedModel;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.runtime.BridleRuntime;
import dev.bridle.runtime.Decision;
import dev.bridle.runtime.RunOptions;
import dev.bridle.runtime.Session;
import dev.bridle.runtime.ToolOutcome;
import dev.bridle.tool.ToolPort;
import dev.bridle.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real agents' tools, attacked: {@code read_file(file_path)}, {@code run_terminal_cmd(command)},
 * {@code web_fetch(url)}, declared in the harness's {@code tools:} section. Behind the gate sit tools as a framework
 * writes them, which trust their arguments: {@code read_file} reads whatever {@code file_path} names (following links,
 * taking the first element of a list, falling back to {@code path}), {@code fs.delete} deletes what it is given. So the
 * gate is the only thing between the agent and a canary file with random content in a sibling folder of the
 * workspace. Each attack runs through a real engine run (the model scripted by scenario YAML) and through the
 * embeddable runtime; it is judged by the canary: its content never appears in any event or tool result, and nothing
 * outside the workspace is created, changed or deleted.
 */
class ForeignToolAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** The harness and scenario files, kept apart from the tree that is judged. */
    @TempDir
    Path project;

    private Path workspace;
    private Path outside;
    private String canary;

    /** One attack: who calls which tool with which arguments, and the rule that must deny it. */
    record Attack(String name, String agent, String tool, String args, String rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                new Attack("read_file through ../", "assistant", "read_file",
                        "{\"file_path\":\"docs/../../outside/canary\"}", "path-scope"),
                new Attack("read_file with ../ at the start", "assistant", "read_file",
                        "{\"file_path\":\"../outside/canary\"}", "path-scope"),
                new Attack("read_file with an absolute path", "assistant", "read_file",
                        "{\"file_path\":\"@ABSOLUTE@\"}", "path-scope"),
                new Attack("read_file through a symlink in docs", "assistant", "read_file",
                        "{\"file_path\":\"docs/shared/canary\"}", "path-scope"),
                new Attack("read_file without file_path, path given instead", "trusting", "read_file",
                        "{\"path\":\"../outside/canary\"}", "tool-arguments"),
                new Attack("read_file with file_path a number", "trusting", "read_file",
                        "{\"file_path\":7}", "tool-arguments"),
                new Attack("read_file with file_path a list", "trusting", "read_file",
                        "{\"file_path\":[\"../outside/canary\"]}", "tool-arguments"),
                new Attack("read_file with file_path an object", "trusting", "read_file",
                        "{\"file_path\":{\"path\":\"../outside/canary\"}}", "tool-arguments"),
                new Attack("read_file with file_path null", "trusting", "read_file",
                        "{\"file_path\":null,\"path\":\"../outside/canary\"}", "tool-arguments"),
                new Attack("run_terminal_cmd with a program outside its rule", "assistant", "run_terminal_cmd",
                        "{\"command\":\"cat ../outside/canary\"}", "path-scope"),
                new Attack("run_terminal_cmd chaining after the allowed program", "assistant", "run_terminal_cmd",
                        "{\"command\":\"git status; cat ../outside/canary\"}", "shell-analysis"),
                new Attack("run_terminal_cmd through a wrapper", "assistant", "run_terminal_cmd",
                        "{\"command\":\"env git status\"}", "shell-analysis"),
                new Attack("web_fetch to a host outside the rule", "assistant", "web_fetch",
                        "{\"url\":\"https://paste.attacker.example/upload\"}", "default"),
                new Attack("web_fetch with the allowed host as userinfo", "assistant", "web_fetch",
                        "{\"url\":\"https://docs.example.com@paste.attacker.example/\"}", "host-name"),
                new Attack("web_fetch without url", "assistant", "web_fetch",
                        "{\"href\":\"https://paste.attacker.example/\"}", "tool-arguments"),
                new Attack("a tool not offered, under default: allow", "reader", "read_file",
                        "{\"file_path\":\"../outside/canary\"}", "agent.tools"),
                new Attack("a delete not offered, under default: allow", "reader", "fs.delete",
                        "{\"path\":\"docs/index.md\"}", "agent.tools"),
                new Attack("a tool nobody declared or offered, under default: allow", "reader", "read_anything",
                        "{\"file_path\":\"../outside/canary\"}", "agent.tools"));
    }

    private static String harness(String start, String defaultEffect) {
        return """
                bridle: 1
                name: foreign
                agents:
                  assistant: { system: tidies docs, tools: [read_file, run_terminal_cmd, web_fetch, search_docs] }
                  trusting: { system: reads anything inside, tools: [read_file] }
                  reader: { system: reads docs, tools: [fs.read] }
                tools:
                  read_file: { reads: file_path }
                  run_terminal_cmd: { runs: command }
                  web_fetch: { fetches: url }
                  search_docs: {}
                workflow:
                  start: START
                  nodes:
                    assistant: { agent: assistant, next: done }
                    trusting: { agent: trusting, next: done }
                    reader: { agent: reader, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 5 } }
                permissions:
                  default: DEFAULT
                  rules:
                    - { id: read-docs, allow: read_file, agents: [assistant], paths: ["docs/**"] }
                    - { id: read-inside, allow: read_file, agents: [trusting] }
                    - { id: git-only, allow: "run_terminal_cmd:git", agents: [assistant] }
                    - { id: docs-site, allow: web_fetch, agents: [assistant], hosts: ["docs.example.com"] }
                """.replace("START", start).replace("DEFAULT", defaultEffect);
    }

    @BeforeEach
    void layOutWorkspaceAndCanary() throws IOException {
        workspace = Files.createDirectories(root.resolve("workspace"));
        outside = Files.createDirectories(root.resolve("outside"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        canary = "canary-" + HexFormat.of().formatHex(random);
        Files.writeString(outside.resolve("canary"), canary);
        Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(workspace.resolve("docs/index.md"), "# Docs");
        Files.createSymbolicLink(workspace.resolve("docs/shared"), Path.of("../../outside"));
    }

    private String argsOf(Attack a) {
        return a.args().replace("@ABSOLUTE@", outside.resolve("canary").toString().replace("\\", "\\\\"));
    }

    /** The harness text for an attack: the agent's own node starts, and {@code reader} runs under default allow. */
    private static String harnessFor(Attack a) {
        return harness(a.agent(), a.agent().equals("reader") ? "allow" : "deny");
    }

    private static Harness read(String text) throws Exception {
        return HarnessReader.parse("foreign.harness.yaml", text).harness();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void anEngineRunLeaksNothing(Attack attack) throws Exception {
        Map<Path, String> before = outsideTree();
        Ran ran = engineRun(harnessFor(attack), attack.tool(), argsOf(attack));

        List<RunEvent.PermissionChecked> checks = ran.events().stream()
                .filter(RunEvent.PermissionChecked.class::isInstance).map(RunEvent.PermissionChecked.class::cast)
                .toList();
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.effect()).isEqualTo("deny");
            assertThat(c.rule()).isEqualTo(attack.rule());
        });
        assertThat(ran.toolCalls()).as("the trusting tool was never called").isZero();
        judge(ran.events(), before);
        assertThat(workspace.resolve("docs/index.md")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theRuntimeLeaksNothing(Attack attack) throws Exception {
        Map<Path, String> before = outsideTree();
        List<RunEvent> events = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        ToolPort tools = trustingTools(calls);
        List<String> results = new ArrayList<>();
        BridleRuntime runtime = BridleRuntime.of(read(harnessFor(attack)));
        try (Session session = runtime.startRun(RunOptions.defaults().withWorkspace(workspace)
                .withEvents(events::add)).session(attack.agent())) {
            Decision d = session.beforeToolCall(attack.tool(), argsOf(attack));
            if (d.proceeds()) {
                ToolResult r = tools.call(attack.agent(), new ToolCall(attack.tool(), argsOf(attack)));
                results.add(r.output());
                session.toolCompleted(new ToolOutcome(attack.tool(), argsOf(attack), r.ok(), r.output(), Map.of()));
            }
            assertThat(d).isInstanceOfSatisfying(Decision.Deny.class,
                    deny -> assertThat(deny.rule()).isEqualTo(attack.rule()));
        }
        assertThat(calls).hasValue(0);
        assertThat(results).noneMatch(r -> r.contains(canary));
        judge(events, before);
    }

    /**
     * Only the runtime sees arguments as the caller wrote them (a model adapter or a scenario hands the engine a
     * parsed object): a repeated key is refused, since parsers differ on which {@code file_path} wins.
     */
    @Test
    void theRuntimeRefusesAFilePathGivenTwice() throws Exception {
        Map<Path, String> before = outsideTree();
        List<RunEvent> events = new ArrayList<>();
        String args = "{\"file_path\":\"docs/index.md\",\"file_path\":\"../outside/canary\"}";
        BridleRuntime runtime = BridleRuntime.of(read(harness("assistant", "deny")));
        try (Session session = runtime.startRun(RunOptions.defaults().withWorkspace(workspace)
                .withEvents(events::add)).session("assistant")) {
            assertThat(session.beforeToolCall("read_file", args)).isInstanceOfSatisfying(Decision.Deny.class,
                    deny -> assertThat(deny.rule()).isEqualTo("tool-arguments"));
        }
        judge(events, before);
    }

    @Test
    void theTrustingToolReallyReadsWhatTheGateAllows() throws Exception {
        // The control: the same setup leaks nothing because the gate denies, not because the tool cannot read.
        Ran ran = engineRun(harness("assistant", "deny"), "read_file", "{\"file_path\":\"docs/index.md\"}");
        assertThat(ran.toolCalls()).isEqualTo(1);
        assertThat(ran.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.ToolCompleted.class,
                t -> assertThat(t.result()).isEqualTo("# Docs")));
        AtomicInteger calls = new AtomicInteger();
        assertThat(trustingTools(calls).call("trusting", new ToolCall("read_file",
                "{\"file_path\":[\"../outside/canary\"]}")).output()).isEqualTo(canary);
    }

    @Test
    void anAllowedCommandOfTheDeclaredRunnerIsAllowedByItsProgramRule() throws Exception {
        Harness h = read(harness("assistant", "deny"));
        var gate = PermissionGate.of(h, Optional.of(PathScope.of(workspace)));
        assertThat(gate.check("assistant", new ToolCall("run_terminal_cmd", "{\"command\":\"git status\"}")))
                .satisfies(d -> assertThat(d.rule()).isEqualTo("git-only"));
        assertThat(gate.check("assistant", new ToolCall("web_fetch", "{\"url\":\"https://docs.example.com/a\"}")))
                .satisfies(d -> assertThat(d.rule()).isEqualTo("docs-site"));
        assertThat(gate.check("assistant", new ToolCall("search_docs", "{\"q\":\"../outside/canary\"}")))
                .as("a tool that touches nothing is decided by name only")
                .satisfies(d -> assertThat(d.rule()).isEqualTo("default"));
    }

    /** A run's events and how often the trusting tools were called. */
    record Ran(List<RunEvent> events, int toolCalls) {}

    private Ran engineRun(String harnessText, String tool, String args) throws Exception {
        Files.writeString(project.resolve("foreign.harness.yaml"), harnessText);
        Harness h = HarnessReader.read(project.resolve("foreign.harness.yaml")).harness();
        Files.writeString(project.resolve("attack.scenario.yaml"), """
                bridle: 1
                harness: foreign.harness.yaml
                task: Tidy the docs.
                model:
                  turns:
                    - calls: [{ tool: TOOL, args: ARGS }]
                    - say: Done.
                """.replace("TOOL", tool).replace("ARGS", args));
        var scenario = ScenarioReader.read(project.resolve("attack.scenario.yaml")).scenario();
        List<RunEvent> events = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Bindings bindings = new Bindings(new ScriptedModel("script", scenario.script(), TokenCounter.cl100k()),
                trustingTools(calls), PermissionGate.of(h, Optional.of(PathScope.of(workspace))), Approver.nobody(),
                (agent, messages) -> "", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), TokenCounter.cl100k(),
                Bindings.Pause.none());
        new Engine(h, bindings, events::add).run(scenario.task());
        return new Ran(events, calls.get());
    }

    /**
     * Tools as a framework writes them, trusting their arguments: {@code read_file} reads {@code file_path} against
     * the workspace (an absolute path as it is, links followed, the first element of a list, an object's
     * {@code path}, {@code path} when {@code file_path} is missing); {@code fs.delete} deletes {@code path}.
     */
    private ToolPort trustingTools(AtomicInteger calls) {
        return (agent, call) -> {
            calls.incrementAndGet();
            try {
                JsonNode args = JSON.readTree(call.args());
                return switch (call.tool()) {
                    case "read_file", "read_anything" -> {
                        JsonNode p = args.hasNonNull("file_path") ? args.get("file_path") : args.path("path");
                        String file = p.isArray() ? p.get(0).asText() : p.isObject() ? p.path("path").asText()
                                : p.asText();
                        yield ToolResult.ok(Files.readString(workspace.resolve(file)));
                    }
                    case "fs.delete" -> {
                        Files.delete(workspace.resolve(args.path("path").asText()));
                        yield ToolResult.ok("deleted");
                    }
                    default -> ToolResult.ok("ran " + call);
                };
            } catch (IOException e) {
                return ToolResult.error(e.toString());
            }
        };
    }

    /** The canary's content is in no event, and the tree outside the workspace is as it was. */
    private void judge(List<RunEvent> events, Map<Path, String> before) throws IOException {
        assertThat(events).isNotEmpty();
        for (RunEvent e : events) {
            assertThat(EventJson.write(e)).doesNotContain(canary);
        }
        assertThat(outsideTree()).isEqualTo(before);
    }

    /** Every path under the temporary root but outside the workspace, with its content (links as their target). */
    private Map<Path, String> outsideTree() throws IOException {
        Map<Path, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.startsWith(workspace)).toList()) {
                String content = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "/" : Files.readString(p);
                tree.put(root.relativize(p), content);
            }
        }
        return tree;
    }
}
