package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridle.tool.BuiltInSpecs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OllamaModelTest {

    private final WireServer server = WireServer.start();
    private final Fakes fakes = Fakes.quiet();
    private final OllamaModel model =
            new OllamaModel(ServerConfig.of(server.base(""), "llama3.2"), fakes.surroundings);

    @AfterEach
    void close() {
        model.close();
        server.close();
    }

    /** The tool of Ollama's documented example, read from the documented request. */
    static ToolSpec weatherTool() {
        JsonNode function = WireServer.fixtureJson("ollama/chat-tools-request.json").path("tools").path(0)
                .path("function");
        return new ToolSpec(function.path("name").asText(), function.path("description").asText(),
                function.path("parameters").toString());
    }

    private static ModelRequest ask(List<Message> messages) {
        return new ModelRequest("assistant", messages, List.of(weatherTool()));
    }

    @Test
    void fullToolCallingExchangeFollowsTheDocumentedWireFormat() throws Exception {
        server.replyWith("ollama/chat-tools-response.json").replyWith("ollama/chat-final-response.json");
        Message question = Message.user("What is the weather today in Paris?");

        ModelResponse first = model.respond(ask(List.of(question)));

        assertThat(first.text()).isEmpty();
        assertThat(first.toolCalls()).containsExactly(
                new ToolCall("get_current_weather", "{\"format\":\"celsius\",\"location\":\"Paris, FR\"}"));
        assertThat(first.tokensIn()).isEqualTo(122);
        assertThat(first.tokensOut()).isEqualTo(33);

        ToolCall call = first.toolCalls().getFirst();
        ModelResponse last = model.respond(ask(List.of(question, Message.assistant(first.text(), first.toolCalls()),
                Message.toolResult(call, "22°C, sunny"))));

        assertThat(last.text()).isEqualTo("It is 22°C and sunny in Paris today.");
        assertThat(last.toolCalls()).isEmpty();
        assertThat(last.tokensIn()).isEqualTo(151);
        assertThat(last.tokensOut()).isEqualTo(14);
        List<WireServer.Received> received = server.received();
        assertThat(received).extracting(WireServer.Received::method).containsExactly("POST", "POST");
        assertThat(received).extracting(WireServer.Received::path).containsExactly("/api/chat", "/api/chat");
        assertThat(received.get(0).json()).isEqualTo(WireServer.fixtureJson("ollama/chat-tools-request.json"));
        assertThat(received.get(1).json()).isEqualTo(WireServer.fixtureJson("ollama/chat-tool-result-request.json"));
    }

    @Test
    void requestIsJsonWithoutStreamingAndWithoutAnAuthorizationHeader() throws Exception {
        server.replyWith("ollama/chat-final-response.json");

        model.respond(ask(List.of(Message.user("hi"))));

        WireServer.Received sent = server.received().getFirst();
        assertThat(sent.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(sent.headers().containsKey("Authorization")).isFalse();
        assertThat(sent.json().path("stream").asBoolean(true)).isFalse();
    }

    @Test
    void noToolsMeansNoToolsFieldAndConfiguredOptionsAreSent() throws Exception {
        try (OllamaModel tuned = new OllamaModel(ServerConfig.of(server.base(""), "llama3.2")
                .withOptions("{\"temperature\":0,\"seed\":101}"), fakes.surroundings)) {
            server.replyWith("ollama/chat-final-response.json");

            tuned.respond(new ModelRequest("a", List.of(Message.user("hi")), List.of()));

            JsonNode sent = server.received().getFirst().json();
            assertThat(sent.has("tools")).isFalse();
            assertThat(sent.path("options").toString()).isEqualTo("{\"seed\":101,\"temperature\":0}");
        }
    }

    @Test
    void systemAssistantAndToolMessagesKeepTheirRoles() throws Exception {
        server.replyWith("ollama/chat-final-response.json");
        ToolCall call = new ToolCall("get_current_weather", "{\"format\":\"celsius\",\"location\":\"Oslo\"}");

        model.respond(ask(List.of(Message.system("Be brief."), Message.user("Oslo?"),
                Message.assistant("Let me look.", List.of(call)), Message.tool("-3°C"))));

        JsonNode messages = server.received().getFirst().json().path("messages");
        assertThat(messages).extracting(m -> m.path("role").asText())
                .containsExactly("system", "user", "assistant", "tool");
        assertThat(messages.path(2).path("content").asText()).isEqualTo("Let me look.");
        // a tool message that names no tool answers the call before it
        assertThat(messages.path(3).path("tool_name").asText()).isEqualTo("get_current_weather");
    }

    @Test
    void missingTokenCountsAreEstimated() throws Exception {
        server.reply(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},"
                + "\"done\":true}");

        ModelResponse response = model.respond(ask(List.of(Message.user("Say hello"))));

        assertThat(response.tokensIn()).isEqualTo(TokenCounter.cl100k().count(List.of(Message.user("Say hello"))));
        assertThat(response.tokensOut()).isEqualTo(TokenCounter.cl100k().count("Hello there"));
    }

    @Test
    void callToAToolTheRequestDidNotOfferFails() {
        server.reply(200, "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                + "{\"name\":\"delete_everything\",\"arguments\":{}}}]},\"done\":true}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.UNKNOWN_TOOL);
                    assertThat(e.getMessage()).isEqualTo(
                            "model called an unknown tool ('delete_everything'; offered: get_current_weather)");
                });
    }

    @Test
    void argumentsMissingARequiredPropertyFail() {
        server.reply(200, "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                + "{\"name\":\"get_current_weather\",\"arguments\":{\"location\":\"Paris\"}}}]},\"done\":true}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_ARGUMENTS);
                    assertThat(e.getMessage()).startsWith("model called 'get_current_weather' with bad arguments (")
                            .contains("format");
                });
    }

    @Test
    void argumentsOfTheWrongTypeFail() {
        server.reply(200, "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                + "{\"name\":\"get_current_weather\",\"arguments\":{\"location\":42,\"format\":\"kelvin\"}}}]}}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_ARGUMENTS);
                    assertThat(e.getMessage()).contains("location").contains("format").doesNotContain("\n");
                });
    }

    @Test
    void answerWithoutAMessageIsMalformed() {
        server.reply(200, "{\"error\":\"nothing\"}");

        assertThatThrownBy(() -> model.respond(ask(List.of(Message.user("go")))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).isEqualTo(
                            "model answered with unexpected JSON (no 'message' object: " + server.base("") + ")");
                });
    }

    @Test
    void bindingTextNamesTheServerAndModel() {
        assertThat(model.binding()).isEqualTo("ollama:" + server.base("") + "#llama3.2");
        assertThat(ModelBinding.parse(model.binding())).isEqualTo(new ModelBinding.Ollama(model.config()));
    }

    @Test
    void builtInToolsGoByWireNamesInToolsCallsAndResults() throws Exception {
        server.reply(200, """
                {"model":"llama3.2","created_at":"2026-01-15T10:00:00Z","message":{"role":"assistant","content":"",
                 "tool_calls":[{"function":{"name":"fs_list","arguments":{"path":"src"}}}]},"done":true}
                """).replyWith("ollama/chat-final-response.json");
        List<ToolSpec> tools = List.of(BuiltInSpecs.offered("fs.list"), BuiltInSpecs.offered("fs.read"));
        Message task = Message.user("What is in src?");

        ModelResponse first = model.respond(new ModelRequest("a", List.of(task), tools));

        ToolCall call = first.toolCalls().getFirst();
        assertThat(call).isEqualTo(new ToolCall("fs.list", "{\"path\":\"src\"}"));
        model.respond(new ModelRequest("a", List.of(task, Message.assistant("", first.toolCalls()),
                Message.toolResult(call, "App.java")), tools));
        JsonNode first0 = server.received().get(0).json();
        assertThat(first0.path("tools").findValuesAsText("name")).containsExactly("fs_list", "fs_read");
        assertThat(first0.path("tools").path(1).path("function").path("parameters").path("required").toString())
                .isEqualTo("[\"path\"]");
        JsonNode history = server.received().get(1).json().path("messages");
        assertThat(history.path(1).path("tool_calls").path(0).path("function").path("name").asText())
                .isEqualTo("fs_list");
        assertThat(history.path(2).path("tool_name").asText()).isEqualTo("fs_list");
    }
}
