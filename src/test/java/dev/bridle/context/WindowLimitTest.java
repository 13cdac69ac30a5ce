package dev.bridle.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.model.Message;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.ContextPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window is a limit: what cannot fit is cut with a note, or refused, never added silently. */
class WindowLimitTest {

    private static final TokenCounter TOKENS = TokenCounter.cl100k();

    private static ContextWindow context(int window, ContextPolicy.Overflow overflow) {
        ContextWindow ctx = new ContextWindow("a", new ContextPolicy(window, ContextPolicy.Compaction.DROP_OLDEST, 4,
                List.of("task"), Map.of(), List.of(), overflow), TOKENS);
        ctx.add(Message.system("You work."));
        ctx.add(Message.user("Read the log."), "task");
        return ctx;
    }

    private static Message bigResult() {
        return Message.toolResult(new ToolCall("fs.read", "{\"path\":\"build.log\"}", "c1"),
                "line of the build log ".repeat(60));
    }

    @Test
    void aToolResultLargerThanTheWindowIsCutToFitWithANote() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.TRUNCATE);

        Admission a = ctx.admit(bigResult(), "the tool result of fs.read");

        assertThat(a).isInstanceOfSatisfying(Admission.Cut.class, cut -> {
            assertThat(cut.before()).isGreaterThan(150);
            assertThat(cut.after()).isLessThanOrEqualTo(150);
        });
        assertThat(ctx.tokens()).isLessThanOrEqualTo(150);
        assertThat(ctx.messages().getLast().content()).startsWith("line of the build log")
                .containsPattern("\\[… cut \\d+ tokens to fit the context window …]$");
    }

    @Test
    void underOverflowStopAToolResultThatCannotFitIsRefusedBeforeTheNextCall() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.STOP);

        ctx.admit(bigResult(), "the tool result of fs.read");

        assertThat(ctx.fitBeforeCall()).singleElement().isInstanceOfSatisfying(Admission.Overflow.class,
                o -> assertThat(o.what()).isEqualTo("the tool result of fs.read"));
    }

    @Test
    void underOverflowStopAReplyThatCannotFitIsRefusedAtOnce() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.STOP);
        int before = ctx.tokens();

        Admission a = ctx.admit(Message.assistant("word ".repeat(2_000)), "the reply");

        assertThat(a).isInstanceOf(Admission.Overflow.class);
        assertThat(ctx.tokens()).isEqualTo(before);
    }

    @Test
    void aResultThatFitsIsAddedAsItIs() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.TRUNCATE);

        assertThat(ctx.admit(Message.tool("ok"), "the tool result of t")).isInstanceOf(Admission.Fits.class);
        assertThat(ctx.messages().getLast().content()).isEqualTo("ok");
    }

    @Test
    void beforeACallTheNewestMessagesCompactionKeepsAreCutUntilTheContextFits() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.TRUNCATE);
        // Each fits alone; together they are over, and compaction may not touch the newest four.
        ctx.admit(Message.tool("alpha beta gamma ".repeat(20)), "r1");
        ctx.admit(Message.tool("delta epsilon zeta ".repeat(20)), "r2");
        assertThat(ctx.overWindow()).isTrue();

        List<Admission> done = ctx.fitBeforeCall();

        assertThat(done).isNotEmpty().allMatch(Admission.Cut.class::isInstance);
        assertThat(ctx.tokens()).isLessThanOrEqualTo(150);
    }

    @Test
    void beforeACallUnderOverflowStopAnOverfullContextIsReported() {
        ContextWindow ctx = context(150, ContextPolicy.Overflow.STOP);
        ctx.add(Message.tool("alpha beta gamma ".repeat(20)));
        ctx.add(Message.tool("delta epsilon zeta ".repeat(20)));

        assertThat(ctx.fitBeforeCall()).singleElement().isInstanceOf(Admission.Overflow.class);
    }

    @Test
    void anUnmanagedContextTakesEverything() {
        ContextWindow ctx = context(0, ContextPolicy.Overflow.TRUNCATE);

        assertThat(ctx.admit(bigResult(), "r")).isInstanceOf(Admission.Fits.class);
        assertThat(ctx.fitBeforeCall()).isEmpty();
    }
}
