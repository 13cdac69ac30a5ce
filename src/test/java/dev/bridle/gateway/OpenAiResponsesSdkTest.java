package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.bridle.event.RunEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI SDK's Responses API (the OpenAI Agents SDK's default) against the gateway and the fake upstream. */
class OpenAiResponsesSdkTest {

    @TempDir
    Path dir;

    private static OpenAIClient client(GatewayFixture f, String session) {
        return OpenAIOkHttpClient.builder().baseUrl(f.base() + "/v1").apiKey("sk-client-key")
                .putHeader(SessionRegistry.HEADER, session).maxRetries(0).build();
    }

    private static List<Response> agent(OpenAIClient client, boolean stream, int maxTurns) {
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("The build fails; fix it.").build()));
        List<Response> answers = new ArrayList<>();
        for (int turn = 0; turn < maxTurns; turn++) {
            ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4.1-mini")
                    .instructions("You fix the build.").inputOfResponse(input).build();
            Response r = stream ? streamed(client, params) : client.responses().create(params);
            answers.add(r);
            boolean called = false;
            for (ResponseOutputItem item : r.output()) {
                if (item.isMessage()) {
                    input.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
                } else if (item.isFunctionCall()) {
                    called = true;
                    input.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
                    input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                            .callId(item.asFunctionCall().callId()).output("contents").build()));
                }
            }
            if (!called) {
                break;
            }
        }
        return answers;
    }

    private static Response streamed(OpenAIClient client, ResponseCreateParams params) {
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        return acc.response();
    }

    private static List<String> calls(Response r) {
        return r.output().stream().filter(ResponseOutputItem::isFunctionCall).map(i -> i.asFunctionCall().name())
                .toList();
    }

    private static String said(Response r) {
        return r.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(i -> i.asMessage().content().stream()).filter(c -> c.isOutputText())
                .map(c -> c.asOutputText().text()).collect(Collectors.joining());
    }

    @Test
    void aLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<Response> answers = agent(client(f, "r-loop"), false, 10);

            assertThat(answers).hasSize(3);
            assertThat(said(answers.getLast())).startsWith("stopped by guard 'loop'");
            assertThat(f.events("r-loop").getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                    e -> assertThat(e.rule()).isEqualTo("loop"));
        }
    }

    @Test
    void aStreamingLoopingAgentIsStoppedByItsLoopGuard() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            List<Response> answers = agent(client(f, "r-loop-s"), true, 10);

            assertThat(answers).hasSize(3);
            assertThat(calls(answers.getFirst())).containsExactly("read_file");
            assertThat(said(answers.getLast())).contains("stopped by guard 'loop'");
            assertThat(calls(answers.getLast())).isEmpty();
        }
    }

    @Test
    void aDeniedToolCallNeverReachesTheClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("run_terminal_cmd", "{\"command\":\"rm -rf /\"}"),
                text("done"))) {
            List<Response> answers = agent(client(f, "r-deny"), false, 5);

            assertThat(calls(answers.getFirst())).isEmpty();
            assertThat(said(answers.getFirst())).contains("run_terminal_cmd was not made");
        }
    }

    @Test
    void aDeniedToolCallNeverReachesAStreamingClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", call("run_terminal_cmd", "{\"command\":\"rm -rf /\"}"))) {
            List<Response> answers = agent(client(f, "r-deny-s"), true, 5);

            assertThat(calls(answers.getFirst())).isEmpty();
            assertThat(said(answers.getFirst())).contains("run_terminal_cmd was not made");
        }
    }

    @Test
    void anApprovedAskGoesThroughAStream() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                call("edit_file", "{\"target_file\":\"src/A.java\",\"content\":\"x\"}"), text("Fixed."))) {
            f.approveAll(true, "dana");
            List<Response> answers = agent(client(f, "r-ask"), true, 5);

            assertThat(calls(answers.getFirst())).containsExactly("edit_file");
            assertThat(answers.getFirst().output().getFirst().asFunctionCall().arguments())
                    .isEqualTo("{\"target_file\":\"src/A.java\",\"content\":\"x\"}");
            assertThat(said(answers.getLast())).isEqualTo("Fixed.");
            assertThat(f.events("r-ask")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ToolCompleted.class, t -> assertThat(t.result()).isEqualTo("contents")));
        }
    }
}
