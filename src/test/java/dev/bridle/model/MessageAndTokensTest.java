package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.policy.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageAndTokensTest {

    private final TokenCounter tokens = TokenCounter.cl100k();

    @Test
    void assistantMessageWithCallsCountsAsTheFlatTextTheEngineUsedToWrite() {
        List<ToolCall> calls = List.of(new ToolCall("fs.read", "{\"path\":\"a.txt\"}", "call_9"),
                new ToolCall("tests.run", "{}"));

        int structured = tokens.count(Message.assistant("Reading first.", calls));

        assertThat(structured).isEqualTo(
                tokens.count(Message.assistant("Reading first.fs.read{\"path\":\"a.txt\"}\ntests.run{}")));
    }

    @Test
    void toolResultQuotesTheCallItAnswers() {
        Message result = Message.toolResult(new ToolCall("fs.read", "{}", "call_9"), "hello");

        assertThat(result).isEqualTo(new Message("tool", "hello", List.of(), "call_9", "fs.read"));
        assertThat(Message.tool("hello")).isEqualTo(new Message("tool", "hello"));
    }

    @Test
    void toolCallPrintsWithoutItsId() {
        assertThat(new ToolCall("fs.read", "{}", "call_9")).hasToString("fs.read{}");
    }

    @Test
    void scriptedModelOutOfTurnsFailsAsScriptExhausted() throws Exception {
        Scenario.Script script = new Scenario.Script(List.of(new Scenario.Turn("done", List.of())),
                Scenario.Repeat.NONE);
        ScriptedModel model = new ScriptedModel("once", script, tokens);
        ModelRequest request = new ModelRequest("a", List.of(Message.user("go")), List.of(ToolSpec.anyArguments("x")));

        model.respond(request);

        assertThatThrownBy(() -> model.respond(request)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ModelException.Kind.SCRIPT_EXHAUSTED);
            assertThat(e.getMessage()).isEqualTo("the scripted model has no more turns (it had 1)");
        });
    }
}
