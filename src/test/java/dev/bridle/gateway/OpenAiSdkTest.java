package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.bridle.event.RunEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, as an agent would use it, against the gateway in front of the fake upstream. */
class OpenAiSdkTest {

    @TempDir
    Path dir;

    private static OpenAIClient client(GatewayFixture f, String session) {
        return OpenAIOkHttpClient.builder().baseUrl(f.base() + "/v1").apiKey("sk-client-key")
                .putHeader(SessionRegistry.HEADER, session).maxRetries(0).build();
    }

    /** An agent loop: call the model, run each tool call (with a canned result), until the model answers. */
    private static List<ChatCompletionMessage> agent(OpenAIClient client, boolean stream, int maxTurns) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addSystemMessage("You fix the build.").addUserMessage("The build fails; fix it.");
        List<ChatCompletionMessage> answers = new ArrayList<>();
        for (int turn = 0; turn < maxTurns; turn++) {
            ChatCompletionMessage m = stream ? streamed(client, params.build())
                    : client.chat().completions().create(params.build()).choices().getFirst().message();
            answers.add(m);
            params.addMessage(m);
            List<ChatCompletionMessageToolCall> calls = m.toolCalls().orElse(List.of());
            if (calls.isEmpty()) {
                break;
            }
            for (ChatCompletionMessageToolCall c : calls) {
                params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(c.asFunction().id())
                        .content("contents of " + c.asFunction().function().arguments()).build());
            }
        }
        return answers;
    }

    private static ChatCompletionMessage streamed(OpenAIClient client, ChatCompletionCreateParams params) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();
        return c.choices().getFirst().message();
    }

    private static List<String> toolNames(ChatCompletionMessage m) {
        return m.toolCalls().orElse(List.of()).stream().map(c -> c.asFunction().function().name()).toList();
    }

    @Test
    void aLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<ChatCompletionMessage> answers = agent(client(f, "loop-1"), false, 10);

            ChatCompletionMessage last = answers.getLast();
            assertThat(last.toolCalls().orElse(List.of())).isEmpty();
            assertThat(last.content()).hasValueSatisfying(t -> assertThat(t).startsWith("stopped by guard 'loop'"));
            assertThat(answers).hasSize(3);
            List<RunEvent> events = f.events("loop-1");
            assertThat(GatewayFixture.kinds(events)).contains("run.started", "model.requested", "model.responded",
                    "tool.requested", "permission.checked", "tool.completed", "guard.triggered", "run.ended");
            assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                    e -> assertThat(e.rule()).isEqualTo("loop"));
            // Later calls in the session are refused with the same reason.
            assertThat(Http.post(f.base().resolve("/v1/chat/completions"),
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}",
                    List.of(SessionRegistry.HEADER, "loop-1")).body()).contains("stopped by guard 'loop'");
        }
    }

    @Test
    void aStreamingLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<ChatCompletionMessage> answers = agent(client(f, "loop-s"), true, 10);

            assertThat(answers).hasSize(3);
            assertThat(answers.getLast().content()).hasValueSatisfying(
                    t -> assertThat(t).contains("stopped by guard 'loop'"));
            assertThat(toolNames(answers.getLast())).isEmpty();
        }
    }

    @Test
    void aDeniedToolCallNeverReachesTheClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"/etc/passwd\"}"),
                text("I could not read it."))) {
            List<ChatCompletionMessage> answers = agent(client(f, "deny-1"), false, 5);

            assertThat(answers).hasSize(1);
            assertThat(toolNames(answers.getFirst())).isEmpty();
            assertThat(answers.getFirst().content()).hasValueSatisfying(t -> assertThat(t)
                    .contains("read_file was not made").contains("denied by rule"));
            assertThat(f.events("deny-1")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.PermissionChecked.class, p -> assertThat(p.effect()).isEqualTo("deny")));
        }
    }

    @Test
    void aDeniedToolCallNeverReachesAStreamingClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"/etc/passwd\"}"))) {
            List<ChatCompletionMessage> answers = agent(client(f, "deny-s"), true, 5);

            assertThat(toolNames(answers.getFirst())).isEmpty();
            assertThat(answers.getFirst().content()).hasValueSatisfying(t -> assertThat(t)
                    .contains("read_file was not made"));
        }
    }

    @Test
    void anApprovedAskGoesThrough() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"fixed\"}"), text("Fixed."))) {
            f.approveAll(true, "alice");
            List<ChatCompletionMessage> answers = agent(client(f, "ask-1"), false, 5);

            assertThat(toolNames(answers.getFirst())).containsExactly("edit_file");
            assertThat(answers.getLast().content()).hasValue("Fixed.");
            List<RunEvent> events = f.events("ask-1");
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.ApprovalAnswered.class,
                    a -> assertThat(a.approved()).isTrue()));
            // The tool's result came back with the next request and is in the run.
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.ToolCompleted.class,
                    t -> assertThat(t.result()).contains("contents of")));
        }
    }

    @Test
    void anApprovedAskGoesThroughAStream() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"fixed\"}"), text("Fixed."))) {
            f.approveAll(true, "alice");
            List<ChatCompletionMessage> answers = agent(client(f, "ask-s"), true, 5);

            assertThat(toolNames(answers.getFirst())).containsExactly("edit_file");
            assertThat(answers.getFirst().toolCalls().orElseThrow().getFirst().asFunction().function().arguments())
                    .isEqualTo("{\"target_file\":\"src/A.java\",\"content\":\"fixed\"}");
            assertThat(answers.getLast().content()).hasValue("Fixed.");
        }
    }
}
