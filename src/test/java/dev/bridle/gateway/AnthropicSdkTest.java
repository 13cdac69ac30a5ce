package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolResultBlockParam;
import dev.bridle.event.RunEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Anthropic Java SDK, as Claude-based agents use it, against the gateway and the fake upstream. */
class AnthropicSdkTest {

    @TempDir
    Path dir;

    private static AnthropicClient client(GatewayFixture f, String session) {
        return AnthropicOkHttpClient.builder().baseUrl(f.base().toString()).apiKey("sk-ant-client-key")
                .putHeader(SessionRegistry.HEADER, session).maxRetries(0).build();
    }

    private static List<Message> agent(AnthropicClient client, boolean stream, int maxTurns) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(1024).system("You fix the build.").addUserMessage("The build fails; fix it.");
        List<Message> answers = new ArrayList<>();
        for (int turn = 0; turn < maxTurns; turn++) {
            Message m = stream ? streamed(client, params.build()) : client.messages().create(params.build());
            answers.add(m);
            params.addMessage(m);
            List<ContentBlockParam> results = new ArrayList<>();
            for (ContentBlock b : m.content()) {
                if (b.isToolUse()) {
                    results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                            .toolUseId(b.asToolUse().id()).content("contents for " + b.asToolUse().name()).build()));
                }
            }
            if (results.isEmpty()) {
                break;
            }
            params.addUserMessageOfContentBlockParams(results);
        }
        return answers;
    }

    private static Message streamed(AnthropicClient client, MessageCreateParams params) {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }

    private static List<String> tools(Message m) {
        return m.content().stream().filter(ContentBlock::isToolUse).map(b -> b.asToolUse().name()).toList();
    }

    private static String said(Message m) {
        return m.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text())
                .collect(Collectors.joining());
    }

    @Test
    void aLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<Message> answers = agent(client(f, "a-loop"), false, 10);

            assertThat(answers).hasSize(3);
            assertThat(tools(answers.getLast())).isEmpty();
            assertThat(said(answers.getLast())).startsWith("stopped by guard 'loop'");
            assertThat(f.events("a-loop").getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                    e -> assertThat(e.rule()).isEqualTo("loop"));
        }
    }

    @Test
    void aStreamingLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<Message> answers = agent(client(f, "a-loop-s"), true, 10);

            assertThat(answers).hasSize(3);
            assertThat(tools(answers.getFirst())).containsExactly("read_file");
            assertThat(answers.getFirst().content().getFirst().asToolUse()._input().toString())
                    .contains("src/A.java");
            assertThat(said(answers.getLast())).contains("stopped by guard 'loop'");
        }
    }

    @Test
    void aDeniedToolCallNeverReachesTheClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("web_fetch", "{\"url\":\"https://evil.example\"}"),
                text("done"))) {
            List<Message> answers = agent(client(f, "a-deny"), false, 5);

            assertThat(tools(answers.getFirst())).isEmpty();
            assertThat(answers.getFirst().stopReason()).hasValueSatisfying(r -> assertThat(r.asString())
                    .isEqualTo("end_turn"));
            assertThat(said(answers.getFirst())).contains("web_fetch was not made");
        }
    }

    @Test
    void aDeniedToolCallNeverReachesAStreamingClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("web_fetch", "{\"url\":\"https://evil.example\"}"))) {
            List<Message> answers = agent(client(f, "a-deny-s"), true, 5);

            assertThat(tools(answers.getFirst())).isEmpty();
            assertThat(said(answers.getFirst())).contains("web_fetch was not made");
            assertThat(f.events("a-deny-s")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.PermissionChecked.class, p -> assertThat(p.effect()).isEqualTo("deny")));
        }
    }

    @Test
    void anApprovedAskGoesThrough() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"x\"}"), text("Fixed."))) {
            f.approveAll(true, "bob");
            List<Message> answers = agent(client(f, "a-ask"), true, 5);

            assertThat(tools(answers.getFirst())).containsExactly("edit_file");
            assertThat(said(answers.getLast())).isEqualTo("Fixed.");
            assertThat(f.events("a-ask")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ApprovalAnswered.class, a -> assertThat(a.by()).isEqualTo("bob")));
            assertThat(f.events("a-ask")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ToolCompleted.class, t -> assertThat(t.result()).isEqualTo("contents for edit_file")));
        }
    }

    @Test
    void aRejectedAskIsDenied() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"x\"}"), text("ok"))) {
            f.approveAll(false, "carol");
            List<Message> answers = agent(client(f, "a-no"), false, 5);

            assertThat(tools(answers.getFirst())).isEmpty();
            assertThat(said(answers.getFirst())).contains("approval").contains("refused");
        }
    }
}
