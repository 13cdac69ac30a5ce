package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code bridle hook claude-code} as Claude Code runs it: one new process per hook call, the call's JSON on stdin
 * (the fields and shapes of Claude Code's PreToolUse, PostToolUse and Stop inputs), the decision JSON on stdout. The
 * session's state lives in a real H2 store between the processes. Runs after {@code package} (failsafe).
 */
@Execution(ExecutionMode.CONCURRENT)
class ClaudeCodeHookIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HARNESS = """
            bridle: 1
            name: claude-coder
            description: Claude Code under a harness, through its hooks.
            agents:
              coder:
                system: You fix the failing test.
                tools: [fs.read, fs.write, fs.list, shell]
            workflow:
              start: code
              nodes:
                code: { agent: coder, next: done }
                done: { end: completed }
            guards:
              - { id: loop, loop: { window: 6, repeats: 3 } }
              - { id: budget, steps: { max: 30 } }
              - { id: finished, complete: "has(state.code) && state.code.answer.contains('ALL TESTS PASS')" }
            permissions:
              default: deny
              rules:
                - { id: no-secrets, deny: "fs.*", paths: ["**/.env", "**/secrets/**"] }
                - { id: read-project, allow: fs.read, paths: ["src/**", "test/**"] }
                - { id: edit-sources, allow: fs.write, paths: ["src/**"] }
                - { id: git-asks, ask: "shell:git" }
            """;

    @TempDir
    Path dir;

    private Program bridle;
    private Path project;
    private Path harness;
    private String db;

    @BeforeEach
    void setUp() throws IOException {
        bridle = new Program(dir.resolve("home"), dir);
        project = Files.createDirectories(dir.resolve("project")).toRealPath();
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/App.java"), "class App {}");
        Files.writeString(project.resolve(".env"), "API_KEY=s3cr3t");
        harness = Files.writeString(dir.resolve("claude-coder.harness.yaml"), HARNESS);
        db = "jdbc:h2:file:" + dir.resolve("store/runs") + ";AUTO_SERVER=TRUE";
    }

    @Test
    void aLoopOverSeveralCallsIsStoppedByItsRuleAcrossProcessesAndOnlyInItsSession() {
        for (int i = 1; i <= 2; i++) {
            assertThat(decision(pre("s-loop", "Read", Map.of("file_path", project + "/src/App.java"))))
                    .isEqualTo("allow");
            assertThat(call(post("s-loop", "Read", Map.of("file_path", project + "/src/App.java"))))
                    .as("call %d goes on", i).isEmpty();
        }
        // Another session reads the same file in between: it has its own state and does not count towards s-loop's.
        assertThat(decision(pre("s-other", "Read", Map.of("file_path", project + "/src/App.java")))).isEqualTo("allow");
        assertThat(call(post("s-other", "Read", Map.of("file_path", project + "/src/App.java")))).isEmpty();
        assertThat(decision(pre("s-loop", "Read", Map.of("file_path", project + "/src/App.java")))).isEqualTo("allow");
        JsonNode third = call(post("s-loop", "Read", Map.of("file_path", project + "/src/App.java")));
        assertThat(third.path("decision").asText()).isEqualTo("block");
        assertThat(third.path("continue").asBoolean(true)).isFalse();
        assertThat(third.path("reason").asText()).startsWith("guard 'loop'").contains("repeated 3 times");

        // The session has ended: a later call, in yet another process, is refused for the same reason.
        JsonNode later = call(pre("s-loop", "Read", Map.of("file_path", project + "/src/Other.java")));
        assertThat(later.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("deny");
        assertThat(later.at("/hookSpecificOutput/permissionDecisionReason").asText()).startsWith("guard 'loop'");
        assertThat(later.path("continue").asBoolean(true)).isFalse();

        // ...and the session is a run in the store, with the loop guard's stop on its timeline.
        Program.Result shown = bridle.jar("runs", "show", "claude-s-loop", "--db", db);
        assertThat(shown.code()).as(shown.toString()).isEqualTo(ExitCodes.OK);
        assertThat(shown.out()).contains("guard 'loop' stop").contains("run.ended")
                .contains("permission.checked").contains("fs.read src/App.java");
        // The other session, on its second read of the file, goes on.
        assertThat(decision(pre("s-other", "Read", Map.of("file_path", project + "/src/App.java")))).isEqualTo("allow");
    }

    @Test
    void aDeniedPathIsDeniedNamingTheRule() {
        JsonNode secret = call(pre("s-deny", "Read", Map.of("file_path", project + "/.env")));
        assertThat(secret.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("deny");
        assertThat(secret.at("/hookSpecificOutput/permissionDecisionReason").asText())
                .contains("rule 'no-secrets'");

        JsonNode outside = call(pre("s-deny", "Read", Map.of("file_path", "/etc/passwd")));
        assertThat(outside.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("deny");
        assertThat(outside.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("rule 'path-scope'");

        JsonNode edit = call(pre("s-deny", "Edit", Map.of("file_path", project + "/pom.xml", "old_string", "a",
                "new_string", "b")));
        assertThat(edit.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("rule 'default'");

        JsonNode git = call(pre("s-deny", "Bash", Map.of("command", "git status")));
        assertThat(git.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("ask");
        assertThat(git.at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("rule 'git-asks'");
        // Claude Code's user said yes and the command ran: the answer is recorded as approved.
        assertThat(call(post("s-deny", "Bash", Map.of("command", "git status")))).isEmpty();
        Program.Result shown = bridle.jar("runs", "show", "claude-s-deny", "--db", db);
        assertThat(shown.out()).as(shown.toString()).contains("approval.answered").contains("git-asks");
    }

    @Test
    void stopIsBlockedUntilTheCompletionGuardHolds() throws IOException {
        Path transcript = dir.resolve("transcript.jsonl");
        Files.writeString(transcript, assistant("I changed App.java; I think it is fine."));
        JsonNode early = call(stop("s-stop", transcript));
        assertThat(early.path("decision").asText()).isEqualTo("block");
        assertThat(early.path("reason").asText()).contains("completion guard 'finished'");

        Files.writeString(transcript, assistant("I changed App.java.") + assistant("Ran the tests: ALL TESTS PASS."));
        JsonNode done = call(stop("s-stop", transcript));
        assertThat(done.has("decision")).as(done.toString()).isFalse();
        Program.Result shown = bridle.jar("runs", "show", "claude-s-stop", "--db", db);
        assertThat(shown.out()).as(shown.toString()).contains("completed");
    }

    @Test
    void malformedInputIsRefusedWithAMessageAndExitCode2() {
        Program.Result r = bridle.jarWithInput("{not json", "hook", "claude-code", "--harness", harness.toString(),
                "--db", db);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("bridle hook: the hook's input is not JSON");
        assertThat(r.out()).isEmpty();

        Program.Result noSession = bridle.jarWithInput("{\"hook_event_name\":\"Stop\",\"cwd\":\"/tmp\"}", "hook",
                "claude-code", "--harness", harness.toString(), "--db", db);
        assertThat(noSession.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noSession.err()).contains("session_id");
    }

    private String decision(ObjectNode input) {
        return call(input).at("/hookSpecificOutput/permissionDecision").asText();
    }

    private JsonNode call(ObjectNode input) {
        Program.Result r = bridle.jarWithInput(input.toString(), "hook", "claude-code", "--harness",
                harness.toString(), "--db", db);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private ObjectNode base(String session, String event) {
        ObjectNode in = JSON.createObjectNode();
        in.put("session_id", session);
        in.put("transcript_path", dir.resolve("none.jsonl").toString());
        in.put("cwd", project.toString());
        in.put("permission_mode", "default");
        in.put("hook_event_name", event);
        return in;
    }

    private ObjectNode pre(String session, String tool, Map<String, String> input) {
        ObjectNode in = base(session, "PreToolUse");
        in.put("tool_name", tool);
        in.set("tool_input", JSON.valueToTree(input));
        in.put("tool_use_id", "toolu_" + Math.abs(input.hashCode()));
        return in;
    }

    private ObjectNode post(String session, String tool, Map<String, String> input) {
        ObjectNode in = pre(session, tool, input);
        in.put("hook_event_name", "PostToolUse");
        in.set("tool_response", JSON.createObjectNode().put("type", "text").put("content", "ok"));
        return in;
    }

    private ObjectNode stop(String session, Path transcript) {
        ObjectNode in = base(session, "Stop");
        in.put("transcript_path", transcript.toString());
        in.put("stop_hook_active", false);
        return in;
    }

    private static String assistant(String text) {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "assistant");
        line.putObject("message").put("role", "assistant").putArray("content").addObject().put("type", "text")
                .put("text", text);
        return line + "\n";
    }
}
