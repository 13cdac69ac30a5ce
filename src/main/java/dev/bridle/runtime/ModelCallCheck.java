package dev.bridle.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The answer before a model call: the decision, what to do to the context first when it is over the window (the
 * compaction, then the cuts), and the context's size the guards saw (after both).
 */
public record ModelCallCheck(Decision decision, Optional<CompactionInstruction> compaction, List<MessageCut> cuts,
        int contextTokens) {

    public ModelCallCheck {
        cuts = List.copyOf(cuts);
    }

    /** A check with no cuts. */
    public ModelCallCheck(Decision decision, Optional<CompactionInstruction> compaction, int contextTokens) {
        this(decision, compaction, List.of(), contextTokens);
    }

    /**
     * Carries the compaction and the cuts out on a copy of {@code messages}: {@code summary} makes the summary message,
     * {@code withText} a message like the one given with another text.
     */
    public <T> List<T> applyTo(List<T> messages, Function<String, T> summary, BiFunction<T, String, T> withText) {
        List<T> out = compaction.map(c -> c.applyTo(messages, summary)).orElseGet(() -> new ArrayList<>(messages));
        for (MessageCut cut : cuts) {
            out.set(cut.index(), withText.apply(out.get(cut.index()), cut.text()));
        }
        return out;
    }
}
