package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's OpenAI and Ollama chat models, as a LangChain4j agent loop uses them, through the gateway. */
class LangChain4jTest {

    @TempDir
    Path dir;

    private static final List<ToolSpecification> TOOLS = List.of(
            ToolSpecification.builder().name("read_file").description("Reads a file")
                    .parameters(JsonObjectSchema.builder().addStringProperty("file_path").required("file_path")
                            .build()).build(),
            ToolSpecification.builder().name("edit_file").description("Edits a file")
                    .parameters(JsonObjectSchema.builder().addStringProperty("target_file")
                            .addStringProperty("content").build()).build());

    private static ChatModel openAi(GatewayFixture f, String session) {
        return OpenAiChatModel.builder().baseUrl(f.base() + "/v1").apiKey("sk-lc4j").modelName("gpt-4o-mini")
                .customHeaders(Map.of(SessionRegistry.HEADER, session)).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static ChatModel ollama(GatewayFixture f, String session) {
        return OllamaChatModel.builder().baseUrl(f.base().toString()).modelName("llama3.2")
                .customHeaders(Map.of(SessionRegistry.HEADER, session)).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static List<AiMessage> agent(ChatModel model, int maxTurns) {
        List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from("You fix the build."),
                UserMessage.from("The build fails; fix it.")));
        List<AiMessage> answers = new ArrayList<>();
        for (int turn = 0; turn < maxTurns; turn++) {
            AiMessage ai = model.chat(ChatRequest.builder().messages(messages).toolSpecifications(TOOLS).build())
                    .aiMessage();
            answers.add(ai);
            messages.add(ai);
            if (!ai.hasToolExecutionRequests()) {
                break;
            }
            for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                messages.add(ToolExecutionResultMessage.from(r, "result of " + r.name()));
            }
        }
        return answers;
    }

    private static List<String> tools(AiMessage m) {
        return m.hasToolExecutionRequests() ? m.toolExecutionRequests().stream().map(ToolExecutionRequest::name)
                .toList() : List.of();
    }

    @Test
    void openAiLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<AiMessage> answers = agent(openAi(f, "lc-loop"), 10);
            assertThat(answers).hasSize(3);
            assertThat(answers.getLast().text()).startsWith("stopped by guard 'loop'");
            assertThat(f.events("lc-loop").getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                    e -> assertThat(e.rule()).isEqualTo("loop"));
        }
    }

    @Test
    void openAiDeniedCallNeverReachesTheAgent() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"../secrets\"}"),
                text("ok"))) {
            List<AiMessage> answers = agent(openAi(f, "lc-deny"), 5);
            assertThat(tools(answers.getFirst())).isEmpty();
            assertThat(answers.getFirst().text()).contains("read_file was not made");
        }
    }

    @Test
    void openAiApprovedAskGoesThrough() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"x\"}"), text("Fixed."))) {
            f.approveAll(true, "frank");
            List<AiMessage> answers = agent(openAi(f, "lc-ask"), 5);
            assertThat(tools(answers.getFirst())).containsExactly("edit_file");
            assertThat(answers.getLast().text()).isEqualTo("Fixed.");
            assertThat(f.events("lc-ask")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ToolCompleted.class, t -> assertThat(t.result()).isEqualTo("result of edit_file")));
        }
    }

    @Test
    void ollamaLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<AiMessage> answers = agent(ollama(f, "lo-loop"), 10);
            assertThat(answers).hasSize(3);
            assertThat(answers.getLast().text()).startsWith("stopped by guard 'loop'");
        }
    }

    @Test
    void ollamaDeniedCallNeverReachesTheAgent() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"/etc/passwd\"}"),
                text("ok"))) {
            List<AiMessage> answers = agent(ollama(f, "lo-deny"), 5);
            assertThat(tools(answers.getFirst())).isEmpty();
            assertThat(answers.getFirst().text()).contains("read_file was not made");
        }
    }

    @Test
    void ollamaApprovedAskGoesThroughAndTheSessionIsStored() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"x\"}"), text("Fixed."))) {
            f.approveAll(true, "gina");
            List<AiMessage> answers = agent(ollama(f, "lo-ask"), 5);
            assertThat(tools(answers.getFirst())).containsExactly("edit_file");
            assertThat(answers.getLast().text()).isEqualTo("Fixed.");
            assertThat(GatewayFixture.kinds(f.events("lo-ask"))).contains("approval.requested", "approval.answered",
                    "tool.completed", "model.responded");
        }
    }
}
