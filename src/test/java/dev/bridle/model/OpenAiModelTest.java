package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridle.tool.BuiltInSpecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiModelTest {

    private static final String KEY = "sk-test-5f1e0c0ffee";

    private final WireServer server = WireServer.start();
    private final Fakes fakes = Fakes.withEnvironment(Map.of("OPENAI_API_KEY", KEY));
    private final OpenAiModel model =
            new OpenAiModel(ServerConfig.of(server.base("/v1"), "qwen2.5"), fakes.surroundings);

    @AfterEach
    void close() {
        model.close();
        server.close();
    }

    /** The tool of OpenAI's documented example, read from the documented request. */
    static ToolSpec weatherTool() {
        JsonNode function = WireServer.fixtureJson("openai/chat-tools-request.json").path("tools").path(0)
                .path("function");
        return new ToolSpec(function.path("name").asText(), function.path("description").asText(),
                function.path("parameters").toString());
    }

    private static ModelRequest ask(List<Message> messages) {
        return new ModelRequest("assistant", messages, List.of(weatherTool()));
    }

    private static String answerCalling(String name, String argumentsJsonString) {
        return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{"
                + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                + argumentsJsonString + "}}]},\"finish_reason\":\"tool_calls\"}]}";
    }

    @Test
    void fullToolCallingExchangeFollowsTheDocumentedWireFormat() throws Exception {
        server.replyWith("openai/chat-tools-response.json").replyWith("openai/chat-final-response.json");
        Message question = Message.user("What's the weather like in Boston today?");

        ModelResponse first = model.respond(ask(List.of(question)));

        assertThat(first.text()).isEmpty();
        assertThat(first.toolCalls()).containsExactly(
                new ToolCall("get_current_weather", "{\"location\":\"Boston, MA\"}", "call_abc123"));
        assertThat(first.tokensIn()).isEqualTo(82);
        assertThat(first.tokensOut()).isEqualTo(17);

        ToolCall call = first.toolCalls().getFirst();
        ModelResponse last = model.respond(ask(List.of(question, Message.assistant(first.text(), first.toolCalls()),
                Message.toolResult(call, "{\"temperature\":\"22\",\"unit\":\"celsius\",\"description\":\"Sunny\"}"))));

        assertThat(last.text()).isEqualTo("It is 22°C and sunny in Boston today.");
        assertThat(last.toolCalls()).isEmpty();
        assertThat(last.tokensIn()).isEqualTo(121);
        assertThat(last.tokensOut()).isEqualTo(12);
        List<WireServer.Received> received = server.received();
        assertThat(received).extracting(WireServer.Received::path)
                .containsExactly("/v1/chat/completions", "/v1/chat/completions");
        assertThat(received.get(0).json()).isEqualTo(WireServer.fixtureJson("openai/chat-tools-request.json"));
        assertThat(received.get(1).json()).isEqualTo(WireServer.fixtureJson("openai/chat-tool-result-request.json"));
    }

    @Test
    void requestOffersTheToolsAsFunctionsWithAutomaticToolChoice() throws Exception {
        server.replyWith("openai/chat-final-response.json");

        model.respond(ask(List.of(Message.user("hi"))));

        JsonNode sent = server.received().getFirst().json();
        assertThat(sent.path("tool_choice").asText()).isEqualTo("auto");
        JsonNode tool = sent.path("tools").path(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_current_weather");
        assertThat(tool.path("function").path("parameters").path("required").toString()).isEqualTo("[\"location\"]");
    }

    @Test
    void noToolsMeansNeitherToolsNorToolChoice() throws Exception {
        server.replyWith("openai/chat-final-response.json");

        model.respond(new ModelRequest("a", List.of(Message.user("hi")), List.of()));

        JsonNode sent = server.received().getFirst().json();
        assertThat(sent.has("tools")).isFalse();
        assertThat(sent.has("tool_choice")).isFalse();
    }

    @Test
    void apiKeyFromTheNamedVariableGoesInTheAuthorizationHeader() throws Exception {
        server.replyWith("openai/chat-final-response.json");

        model.respond(ask(List.of(Message.user("hi"))));

        WireServer.Received sent = server.received().getFirst();
        assertThat(sent.headers().getFirst("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.body()).doesNotContain(KEY);
    }

    @Test
    void keyVariableCanBeRenamedAndAnUnsetOneSendsNoHeader() throws Exception {
        Fakes other = Fakes.withEnvironment(Map.of("LMSTUDIO_KEY", "lm-key-1", "OPENAI_API_KEY", KEY));
        ServerConfig config = ServerConfig.of(server.base("/v1"), "qwen2.5");
        server.replyWith("openai/chat-final-response.json").replyWith("openai/chat-final-response.json");

        try (OpenAiModel renamed = new OpenAiModel(config.withApiKeyVariable("LMSTUDIO_KEY"), other.surroundings);
                OpenAiModel unset = new OpenAiModel(config.withApiKeyVariable("NO_SUCH_KEY"), other.surroundings)) {
            renamed.respond(ask(List.of(Message.user("hi"))));
            unset.respond(ask(List.of(Message.user("hi"))));
        }

        assertThat(server.received().get(0).headers().getFirst("Authorization")).isEqualTo("Bearer lm-key-1");
        assertThat(server.received().get(1).headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void apiKeyNeverAppearsInFailuresBindingTextOrConfiguration() {
        server.reply(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":"
                + "\"invalid_request_error\"}}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("hi")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.REJECTED);
                    assertThat(e.getMessage())
                            .startsWith("model request rejected (HTTP 401: Incorrect API key provided: [redacted].")
                            .contains("$OPENAI_API_KEY")
                            .doesNotContain(KEY);
                });
        assertThat(model.binding()).doesNotContain(KEY);
        assertThat(model.toString()).doesNotContain(KEY);
        assertThat(model.config().toString()).doesNotContain(KEY);
        assertThat(new ModelBinding.OpenAi(model.config()).toString()).doesNotContain(KEY);
        assertThat(fakes.surroundings.toString()).doesNotContain(KEY);
    }

    @Test
    void argumentsThatAreNotJsonFail() {
        server.reply(200, answerCalling("get_current_weather", "\"{location: Boston\""));

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_ARGUMENTS);
                    assertThat(e.getMessage()).startsWith("model called 'get_current_weather' with bad arguments "
                            + "(not JSON: ").doesNotContain("\n");
                });
    }

    @Test
    void argumentsThatAreNotAnObjectFail() {
        server.reply(200, answerCalling("get_current_weather", "\"[1,2]\""));

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "model called 'get_current_weather' with bad arguments (expected a JSON object, got array)"));
    }

    @Test
    void emptyArgumentsStringMeansNoArguments() throws Exception {
        ToolSpec clock = new ToolSpec("now", "the time", "{\"type\":\"object\",\"properties\":{}}");
        server.reply(200, answerCalling("now", "\"\""));

        ModelResponse response = model.respond(new ModelRequest("a", List.of(Message.user("time?")), List.of(clock)));

        assertThat(response.toolCalls()).containsExactly(new ToolCall("now", "{}", "call_1"));
    }

    @Test
    void callToAToolTheRequestDidNotOfferFails() {
        server.reply(200, answerCalling("send_email", "\"{}\""));

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.UNKNOWN_TOOL);
                    assertThat(e.getMessage()).startsWith("model called an unknown tool ('send_email'");
                });
    }

    @Test
    void answerWithoutChoicesIsMalformed() {
        server.reply(200, "{\"object\":\"chat.completion\",\"choices\":[]}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
                    assertThat(e.getMessage())
                            .startsWith("model answered with unexpected JSON (no 'choices[0].message'");
                });
    }

    @Test
    void callsWithoutIdsGetIdsTheirResultsQuote() throws Exception {
        server.replyWith("openai/chat-final-response.json");
        ToolCall call = new ToolCall("get_current_weather", "{\"location\":\"Oslo\"}");

        model.respond(ask(List.of(Message.user("Oslo?"), Message.assistant("", List.of(call)),
                Message.toolResult(call, "-3°C"))));

        JsonNode messages = server.received().getFirst().json().path("messages");
        String id = messages.path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(id).isNotEmpty();
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo(id);
    }

    @Test
    void optionsBecomeTopLevelFieldsButCannotReplaceTheModel() throws Exception {
        try (OpenAiModel tuned = new OpenAiModel(ServerConfig.of(server.base("/v1"), "qwen2.5")
                .withOptions("{\"temperature\":0.2,\"model\":\"other\"}"), fakes.surroundings)) {
            server.replyWith("openai/chat-final-response.json");

            tuned.respond(ask(List.of(Message.user("hi"))));

            JsonNode sent = server.received().getFirst().json();
            assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
            assertThat(sent.path("model").asText()).isEqualTo("qwen2.5");
        }
    }

    /** The documented name rule of the API: "a-z, A-Z, 0-9, or contain underscores and dashes, maximum length 64". */
    private static final String OPENAI_NAME = "^[a-zA-Z0-9_-]{1,64}$";

    private static ModelRequest coder(List<Message> messages) {
        return new ModelRequest("coder", messages, BuiltInSpecs.all());
    }

    @Test
    void builtInToolsAreOfferedUnderNamesTheApiAcceptsWithTheirArgumentSchemas() throws Exception {
        server.replyWith("openai/chat-final-response.json");

        model.respond(coder(List.of(Message.system("You fix the failing test in the workspace."),
                Message.user("Make the test in src pass."))));

        JsonNode sent = server.received().getFirst().json();
        assertThat(sent).isEqualTo(WireServer.fixtureJson("openai/builtin-tools-request.json"));
        for (JsonNode tool : sent.path("tools")) {
            JsonNode function = tool.path("function");
            assertThat(function.path("name").asText()).matches(OPENAI_NAME);
            assertThat(function.path("description").asText()).isNotBlank();
            assertThat(function.path("parameters").path("properties").isEmpty()).isFalse();
        }
    }

    @Test
    void aCallByWireNameComesBackUnderTheHarnessNameAndGoesOutAgainUnderTheWireName() throws Exception {
        server.reply(200, answerCalling("fs_read", "\"{\\\"path\\\":\\\"src/App.java\\\"}\""))
                .replyWith("openai/chat-final-response.json");
        Message task = Message.user("Read src/App.java");

        ModelResponse first = model.respond(coder(List.of(task)));

        ToolCall call = first.toolCalls().getFirst();
        assertThat(call).isEqualTo(new ToolCall("fs.read", "{\"path\":\"src/App.java\"}", "call_1"));
        model.respond(coder(List.of(task, Message.assistant("", first.toolCalls()),
                Message.toolResult(call, "class App {}"))));
        JsonNode history = server.received().get(1).json().path("messages");
        assertThat(history.path(1).path("tool_calls").path(0).path("function").path("name").asText())
                .isEqualTo("fs_read");
        assertThat(history.path(2).path("tool_call_id").asText()).isEqualTo("call_1");
    }

    @Test
    void aCallUnderTheHarnessNameIsAnUnknownToolNotAGuess() {
        server.reply(200, answerCalling("fs.read", "\"{\\\"path\\\":\\\"a\\\"}\""));

        assertThatThrownBy(() -> model.respond(new ModelRequest("a", List.of(Message.user("go")),
                List.of(BuiltInSpecs.offered("fs.read"), BuiltInSpecs.offered("shell")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.UNKNOWN_TOOL);
                    assertThat(e.getMessage()).isEqualTo(
                            "model called an unknown tool ('fs.read'; offered: fs_read (fs.read), shell)");
                });
    }

    @Test
    void aBuiltInCallWithoutItsRequiredArgumentFailsNamingIt() {
        server.reply(200, answerCalling("fs_write", "\"{\\\"path\\\":\\\"a.txt\\\"}\""));

        assertThatThrownBy(() -> model.respond(coder(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_ARGUMENTS);
                    assertThat(e.getMessage()).startsWith("model called 'fs.write' with bad arguments (")
                            .contains("content");
                });
    }
}
