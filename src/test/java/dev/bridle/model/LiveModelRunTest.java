package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridle.Samples;
import dev.bridle.engine.Approver;
import dev.bridle.engine.RunResult;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.scenario.LiveRun;
import dev.bridle.store.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run against an OpenAI-compatible server speaking the documented wire format: the model asks for a tool,
 * the sandboxed tool reads the workspace, the model answers, the harness completes it, and the run is recorded in
 * H2, which never holds the API key.
 */
class LiveModelRunTest {

    private static final String KEY = "sk-bridle-test-4f1c9a7e2b";

    @TempDir
    Path dir;

    private static String toolCall(String name, String argumentsJson) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"qwen2.5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"%s","arguments":%s}}]},
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}
                """.formatted(name, WireServer.JSON.valueToTree(argumentsJson).toString());
    }

    private static String answer(String text) {
        return """
                {"id":"chatcmpl-2","object":"chat.completion","created":2,"model":"qwen2.5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":70,"completion_tokens":9,"total_tokens":79}}
                """.formatted(text);
    }

    @Test
    void aLiveRunCompletesIsRecordedAndTheKeyIsNeverStored() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace/notes"));
        Files.writeString(workspace.resolve("services.md"), "billing-v1 callers: invoices, refunds");
        HarnessReader.Loaded harness = HarnessReader.read(Samples.harness("runaway-agent"));
        String url = RunStore.fileUrl(dir.resolve("db/runs"));
        List<RunEvent> events = new ArrayList<>();
        try (WireServer server = WireServer.start()) {
            // the harness's fs.read goes by fs_read on the wire, which is what the model calls
            server.reply(200, toolCall("fs_read", "{\"path\":\"notes/services.md\"}"))
                    .reply(200, answer("invoices and refunds still call billing-v1"));
            ModelBinding.OpenAi binding = (ModelBinding.OpenAi) ModelBinding.parse(
                    "openai:" + server.base("/v1") + "#qwen2.5");
            RunResult result;
            try (RunStore store = RunStore.open(url);
                    OpenAiModel model = binding.open(Fakes.withEnvironment(Map.of("OPENAI_API_KEY", KEY))
                            .surroundings)) {
                result = LiveRun.run(harness, "Which services call billing-v1?", model, dir.resolve("workspace"),
                        Approver.nobody(), Optional.of(store), Clock.systemUTC(), () -> "live-1", events::add);
                assertThat(store.run("live-1")).get().satisfies(r -> {
                    assertThat(r.outcome()).contains(Outcome.COMPLETED);
                    assertThat(r.model()).startsWith("openai:http://127.0.0.1:").doesNotContain(KEY);
                });
            }
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(result.rule()).isEqualTo("answered");
            // permissions and the timeline see the harness's name, never the wire name
            assertThat(events).filteredOn(e -> e instanceof RunEvent.PermissionChecked).singleElement()
                    .satisfies(e -> assertThat(((RunEvent.PermissionChecked) e).tool()).isEqualTo("fs.read"));
            assertThat(events).filteredOn(e -> e instanceof RunEvent.ToolCompleted).singleElement()
                    .satisfies(e -> assertThat(((RunEvent.ToolCompleted) e).result()).contains("invoices, refunds"));
            assertThat(server.received()).hasSize(2).allSatisfy(r ->
                    assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer " + KEY));
            assertThat(server.received().get(1).body()).contains("\"tool_call_id\":\"call_1\"");
            JsonNode offered = server.received().getFirst().json().path("tools").path(0).path("function");
            assertThat(offered.path("name").asText()).isEqualTo("fs_read");
            assertThat(offered.path("parameters").path("required").toString()).isEqualTo("[\"path\"]");
            assertThat(offered.path("parameters").path("properties").path("path").path("description").asText())
                    .isNotBlank();
        }
        try (Stream<Path> files = Files.walk(dir.resolve("db"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as("contents of %s", f).doesNotContain(KEY).doesNotContain("4f1c9a7e2b");
            }
        }
    }

    @Test
    void anUnreachableModelEndsTheRunAsFailedWithTheReason() throws Exception {
        HarnessReader.Loaded harness = HarnessReader.read(Samples.harness("runaway-agent"));
        ModelBinding.Ollama binding = (ModelBinding.Ollama) ModelBinding.parse("ollama:http://127.0.0.1:9#llama3.2");
        List<RunEvent> events = new ArrayList<>();
        try (OllamaModel model = binding.open(Fakes.quiet().surroundings)) {
            RunResult result = LiveRun.run(harness, "hello", model, Files.createDirectories(dir.resolve("w")),
                    Approver.nobody(), Optional.empty(), Clock.systemUTC(), () -> "x", events::add);
            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).startsWith("model unreachable (connection refused");
        }
        assertThat(events).extracting(RunEvent::kind).containsSubsequence("model.requested", "error.handled",
                "run.ended");
    }
}
