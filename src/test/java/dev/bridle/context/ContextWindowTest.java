package dev.bridle.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.model.Message;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.ContextPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    private static ContextPolicy policy(int window, ContextPolicy.Compaction how) {
        return new ContextPolicy(window, how, 2, List.of("task"), Map.of(), List.of());
    }

    private static ContextWindow filled(ContextPolicy policy) {
        ContextWindow ctx = new ContextWindow("a", policy, TokenCounter.cl100k());
        ctx.add(Message.system("You work."));
        ctx.add(Message.user("Keep the API stable."), "task");
        for (int i = 0; i < 12; i++) {
            ToolCall call = new ToolCall("fs.read", "{\"path\":\"f" + i + "\"}", "call_" + i);
            ctx.add(Message.assistant("reading file number " + i, List.of(call)));
            ctx.add(Message.toolResult(call, "content of file " + i + " ".repeat(0) + "with some words in it"));
        }
        return ctx;
    }

    @Test
    void dropOldestKeepsPinsTheSystemPromptAndTheNewestMessages() {
        ContextWindow ctx = filled(policy(200, ContextPolicy.Compaction.DROP_OLDEST));
        assertThat(ctx.overWindow()).isTrue();
        Compaction c = ctx.compact((a, m) -> "unused").orElseThrow();
        assertThat(c.strategy()).isEqualTo("drop-oldest");
        assertThat(ctx.tokens()).isLessThanOrEqualTo(150).isEqualTo(c.after());
        assertThat(ctx.hasPinned("task")).isTrue();
        assertThat(ctx.messages().getFirst().role()).isEqualTo("system");
        assertThat(ctx.messages().getLast().content()).contains("file 11");
    }

    @Test
    void neverLeavesAToolResultWithoutItsCall() {
        ContextWindow ctx = filled(policy(200, ContextPolicy.Compaction.DROP_OLDEST));
        ctx.compact((a, m) -> "unused");
        List<Message> messages = ctx.messages();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role().equals("tool")) {
                String id = messages.get(i).toolCallId();
                assertThat(messages.subList(0, i)).as("the call of result %d", i)
                        .anySatisfy(m -> assertThat(m.toolCalls()).anySatisfy(c -> assertThat(c.id()).isEqualTo(id)));
            }
        }
    }

    @Test
    void summarizeFoldsTheOldMessagesIntoOneAndKeepsPins() {
        ContextWindow ctx = filled(policy(200, ContextPolicy.Compaction.SUMMARIZE));
        int before = ctx.size();
        Compaction c = ctx.compact((a, m) -> "read files 0 to 10").orElseThrow();
        assertThat(c.strategy()).isEqualTo("summarize");
        assertThat(ctx.size()).isLessThan(before);
        assertThat(ctx.messages()).anySatisfy(m -> assertThat(m.content()).contains("read files 0 to 10"));
        assertThat(ctx.hasPinned("task")).isTrue();
    }

    @Test
    void aFailedSummaryFallsBackToDroppingTheOldest() {
        ContextWindow ctx = filled(policy(200, ContextPolicy.Compaction.SUMMARIZE));
        Compaction c = ctx.compact((a, m) -> {
            throw new Summarizer.SummaryException("no model");
        }).orElseThrow();
        assertThat(c.strategy()).isEqualTo("drop-oldest");
    }

    @Test
    void withinTheWindowNothingHappens() {
        ContextWindow ctx = filled(policy(100_000, ContextPolicy.Compaction.DROP_OLDEST));
        assertThat(ctx.compact((a, m) -> "x")).isEmpty();
    }
}
