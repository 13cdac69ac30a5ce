package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.model.Message;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embeddable runtime cuts what does not fit the window, as the engine does, when the harness says
 * {@code context.overflow: truncate}: the caller gets an instruction per message to cut, a {@code context.truncated}
 * event is recorded, and the context the model sees is within the window. Under {@code overflow: stop} the run stops.
 */
class RuntimeWindowCutTest {

    private static Harness harness(String overflow) throws Exception {
        return HarnessReader.parse("cut.harness.yaml", """
                bridle: 1
                name: cut
                agents:
                  worker: { system: "Work.", tools: [fs.read] }
                workflow:
                  start: work
                  nodes:
                    work: { agent: worker, next: done }
                    done: { end: completed }
                context:
                  window: 150
                  keepRecent: 4
                  overflow: %s
                """.formatted(overflow)).harness();
    }

    private static List<ContextMessage> oversizedToolResult() {
        ToolCall call = new ToolCall("fs.read", "{\"path\":\"big.txt\"}");
        List<ContextMessage> ctx = new ArrayList<>();
        ctx.add(ContextMessage.of(Message.system("Work.")));
        ctx.add(ContextMessage.tagged(Message.user("Summarise big.txt."), "task"));
        ctx.add(ContextMessage.of(Message.assistant("", List.of(call))));
        ctx.add(ContextMessage.of(Message.toolResult(call, "word ".repeat(600))));
        return ctx;
    }

    @Test
    void aToolResultOverTheWindowIsCutByAnInstructionAndTheModelSeesAContextWithinIt() throws Exception {
        List<RunEvent> events = new ArrayList<>();
        RuntimeRun run = BridleRuntime.of(harness("truncate")).startRun(RunOptions.defaults().withEvents(events::add));
        Session s = run.session("worker");
        List<ContextMessage> ctx = oversizedToolResult();

        ModelCallCheck check = s.beforeModelCall(ctx);

        assertThat(check.decision().proceeds()).as("a cut, not a stop").isTrue();
        assertThat(check.cuts()).singleElement().satisfies(cut -> {
            assertThat(cut.index()).isEqualTo(3);
            assertThat(cut.what()).isEqualTo("the tool result of fs.read");
            assertThat(cut.text()).startsWith("word word").contains("tokens to fit the context window");
            assertThat(cut.tokensAfter()).isLessThan(cut.tokensBefore());
        });
        List<ContextMessage> sent = check.applyTo(ctx, text -> ContextMessage.of(Message.user(text)),
                (m, text) -> new ContextMessage(new Message(m.message().role(), text, m.message().toolCalls(),
                        m.message().toolCallId(), m.message().toolName()), m.tag()));
        TokenCounter tokens = TokenCounter.cl100k();
        int total = sent.stream().mapToInt(m -> tokens.count(m.message())).sum();
        assertThat(total).as("the context actually sent").isLessThanOrEqualTo(150);
        assertThat(check.contextTokens()).isEqualTo(total);
        assertThat(events).filteredOn(e -> e instanceof RunEvent.ContextTruncated).singleElement()
                .satisfies(e -> assertThat(((RunEvent.ContextTruncated) e).before())
                        .isEqualTo(check.cuts().getFirst().tokensBefore()));
        assertThat(events).filteredOn(e -> e instanceof RunEvent.ModelRequested).singleElement()
                .satisfies(e -> assertThat(((RunEvent.ModelRequested) e).contextTokens()).isEqualTo(total));
        assertThat(run.ended()).isEmpty();
    }

    @Test
    void underOverflowStopTheSameContextStopsTheRunByTheWindowRule() throws Exception {
        RuntimeRun run = BridleRuntime.of(harness("stop")).startRun();
        ModelCallCheck check = run.session("worker").beforeModelCall(oversizedToolResult());

        assertThat(check.decision()).isInstanceOfSatisfying(Decision.Stop.class,
                stop -> assertThat(stop.rule()).isEqualTo("context.window"));
        assertThat(check.cuts()).isEmpty();
        assertThat(run.ended()).isPresent();
    }

    @Test
    void aContextWithinTheWindowHasNoCuts() throws Exception {
        RuntimeRun run = BridleRuntime.of(harness("truncate")).startRun();
        List<ContextMessage> ctx = List.of(ContextMessage.of(Message.system("Work.")),
                ContextMessage.tagged(Message.user("Say hello."), "task"));
        ModelCallCheck check = run.session("worker").beforeModelCall(ctx);
        assertThat(check.cuts()).isEmpty();
        assertThat(check.applyTo(ctx, text -> ContextMessage.of(Message.user(text)), (m, t) -> m)).isEqualTo(ctx);
    }
}
