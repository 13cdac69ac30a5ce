package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.context.ContextEntry;
import dev.bridle.engine.ContextDiff.Change;
import dev.bridle.model.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The context diff between two moments of an agent's context. */
class ContextDiffTest {

    private static final ContextEntry SYSTEM = new ContextEntry(Message.system("You audit."), "", 4, false);
    private static final ContextEntry TASK = new ContextEntry(Message.user("Find callers."), "task", 5, true);
    private static final ContextEntry READ_A = new ContextEntry(Message.tool("notes of a"), "", 120, false);
    private static final ContextEntry READ_B = new ContextEntry(Message.tool("notes of b"), "", 130, false);
    private static final ContextEntry READ_C = new ContextEntry(Message.tool("notes of c"), "", 140, false);
    private static final ContextEntry SUMMARY = new ContextEntry(Message.user("Summary of earlier work: a, b."),
            "summary", 12, false);

    @Test
    void aMessageAppendedIsAddedAndTheRestKept() {
        ContextDiff d = ContextDiff.between("auditor", 3, List.of(SYSTEM, TASK), 7, List.of(SYSTEM, TASK, READ_A));

        assertThat(d.lines()).extracting(ContextDiff.Line::change).containsExactly(Change.KEPT, Change.KEPT,
                Change.ADDED);
        assertThat(d.added()).containsExactly(READ_A);
        assertThat(d.removed()).isEmpty();
        assertThat(d.tokensBefore()).isEqualTo(9);
        assertThat(d.tokensAfter()).isEqualTo(129);
        assertThat(d.unchanged()).isFalse();
    }

    @Test
    void compactedMessagesAreRemovedAndTheirSummaryAddedWhereItWasPut() {
        List<ContextEntry> before = List.of(SYSTEM, TASK, READ_A, READ_B, READ_C);
        List<ContextEntry> after = List.of(SYSTEM, TASK, SUMMARY, READ_C);

        ContextDiff d = ContextDiff.between("auditor", 10, before, 12, after);

        assertThat(d.lines()).extracting(ContextDiff.Line::change).containsExactly(Change.KEPT, Change.KEPT,
                Change.REMOVED, Change.REMOVED, Change.ADDED, Change.KEPT);
        assertThat(d.removed()).containsExactly(READ_A, READ_B);
        assertThat(d.added()).containsExactly(SUMMARY);
        assertThat(d.kept()).containsExactly(SYSTEM, TASK, READ_C);
        assertThat(d.before()).isEqualTo(before);
        assertThat(d.after()).isEqualTo(after);
        assertThat(d.tokensBefore()).isEqualTo(399);
        assertThat(d.tokensAfter()).isEqualTo(161);
    }

    @Test
    void fromNothingEveryMessageIsAddedAndEqualContextsAreUnchanged() {
        assertThat(ContextDiff.between("a", 0, List.of(), 2, List.of(SYSTEM, TASK)).lines())
                .extracting(ContextDiff.Line::change).containsOnly(Change.ADDED);
        ContextDiff same = ContextDiff.between("a", 2, List.of(SYSTEM, TASK), 3, List.of(SYSTEM, TASK));
        assertThat(same.unchanged()).isTrue();
        assertThat(same.tokensBefore()).isEqualTo(same.tokensAfter());
    }

    @Test
    void identicalMessagesAreMatchedInOrderSoTheOldestRepeatIsTheOneRemoved() {
        ContextEntry readAgain = new ContextEntry(Message.tool("notes of a"), "", 120, false);
        ContextDiff d = ContextDiff.between("a", 1, List.of(TASK, READ_A, readAgain), 2,
                List.of(TASK, SUMMARY, readAgain));

        assertThat(d.lines()).extracting(ContextDiff.Line::change).containsExactly(Change.KEPT, Change.REMOVED,
                Change.ADDED, Change.KEPT);
    }
}
