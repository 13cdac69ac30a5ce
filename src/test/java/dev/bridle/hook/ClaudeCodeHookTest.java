package dev.bridle.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook in-process, with a real H2 store: every call resumes the session from the store and suspends it again, as
 * a new process does ({@code ClaudeCodeHookIT} runs the same through the packaged program).
 */
class ClaudeCodeHookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HARNESS = """
            bridle: 1
            name: claude-coder
            agents:
              coder: { system: You fix the failing test., tools: [fs.read, fs.write, Task] }
            tools:
              Task: {}
            workflow:
              start: code
              nodes:
                code: { agent: coder, next: done }
                done: { end: completed }
            guards:
              - { id: loop, loop: { window: 6, repeats: 3 } }
              - { id: budget, steps: { max: 30 } }
            permissions:
              default: deny
              rules:
                - { id: no-secrets, deny: "fs.*", paths: ["**/.env"] }
                - { id: read-src, allow: fs.read, paths: ["src/**"] }
                - { id: subagents, allow: Task }
            """;

    @TempDir
    Path dir;

    private RunStore store;
    private ClaudeCodeHook hook;
    private Path project;

    @BeforeEach
    void setUp() throws Exception {
        project = Files.createDirectories(dir.resolve("project")).toRealPath();
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        Harness h = HarnessReader.parse("claude-coder.harness.yaml", HARNESS).harness();
        hook = new ClaudeCodeHook(h, "0".repeat(64), "coder", store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRefusedCallRepeatedIsCountedStepByStepAndTheLoopGuardStopsIt() throws Exception {
        for (int i = 1; i <= 3; i++) {
            JsonNode out = hook.answer(pre("s", "Read", Map.of("file_path", project + "/.env")));
            assertThat(out.at("/hookSpecificOutput/permissionDecisionReason").asText()).as("call %d", i)
                    .contains("rule 'no-secrets'");
            assertThat(out.has("continue")).as("call %d goes on", i).isFalse();
        }
        JsonNode fourth = hook.answer(pre("s", "Read", Map.of("file_path", project + "/.env")));
        assertThat(fourth.at("/hookSpecificOutput/permissionDecision").asText()).isEqualTo("deny");
        assertThat(fourth.path("stopReason").asText()).startsWith("guard 'loop'");
        assertThat(fourth.path("continue").asBoolean(true)).isFalse();
        assertThat(store.run("claude-s").orElseThrow().rule()).isEqualTo("loop");
    }

    @Test
    void claudeToolsAreCheckedAsBuiltInsOrAsDeclaredAndOthersByName() throws Exception {
        assertThat(decision(hook.answer(pre("t", "Read", Map.of("file_path", project + "/src/A.java")))))
                .isEqualTo("allow");
        assertThat(hook.answer(pre("t", "Write", Map.of("file_path", project + "/src/A.java", "content", "x")))
                .at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("rule 'default'");
        assertThat(decision(hook.answer(pre("t", "Task", Map.of("prompt", "look around"))))).isEqualTo("allow");
        assertThat(hook.answer(pre("t", "WebSearch", Map.of("query", "x")))
                .at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("WebSearch");
        assertThat(store.events("claude-t").stream().map(e -> e.summary()).toList())
                .anyMatch(s -> s.startsWith("fs.read {\"path\":\"src/A.java\"}"));
    }

    @Test
    void aPathOutsideTheSessionsFolderStaysAbsoluteAndIsRefusedByPathScope() throws Exception {
        assertThat(ClaudeTools.relative(project + "/src/A.java", project)).isEqualTo("src/A.java");
        assertThat(ClaudeTools.relative(project + "/../x", project)).isEqualTo(project + "/../x");
        assertThat(ClaudeTools.relative("/etc/passwd", project)).isEqualTo("/etc/passwd");
        assertThat(hook.answer(pre("u", "Read", Map.of("file_path", project + "/../outside")))
                .at("/hookSpecificOutput/permissionDecisionReason").asText()).contains("rule 'path-scope'");
    }

    @Test
    void inputWithoutItsFieldsIsRefusedWithTheFieldsName() {
        assertThatThrownBy(() -> HookInput.of(JSON.readTree("{\"hook_event_name\":\"PreToolUse\",\"cwd\":\"/\"}")))
                .isInstanceOf(HookException.class).hasMessageContaining("session_id");
        assertThatThrownBy(() -> HookInput.of(JSON.readTree("{\"hook_event_name\":\"PreToolUse\",\"cwd\":\"/\","
                + "\"session_id\":\"x\",\"tool_name\":\"Read\"}")))
                .isInstanceOf(HookException.class).hasMessageContaining("tool_input");
        assertThatThrownBy(() -> HookInput.of(JSON.readTree("[1]"))).isInstanceOf(HookException.class);
    }

    private static String decision(JsonNode out) {
        return out.at("/hookSpecificOutput/permissionDecision").asText();
    }

    private HookInput pre(String session, String tool, Map<String, String> input) throws HookException {
        ObjectNode in = JSON.createObjectNode();
        in.put("session_id", session);
        in.put("cwd", project.toString());
        in.put("hook_event_name", "PreToolUse");
        in.put("tool_name", tool);
        in.set("tool_input", JSON.valueToTree(input));
        return HookInput.of(in);
    }
}
