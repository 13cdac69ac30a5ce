package dev.bridle.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What to do to the agent's context before the model call, because it is over the harness's window: remove the
 * messages at {@code remove} (positions in the list passed to {@link Session#beforeModelCall(List)}, ascending) and,
 * when the strategy is {@code summarize}, put one user message with {@code summaryText} where the first of them was.
 * Pinned messages, system messages and the newest {@code context.keepRecent} messages are never among them.
 *
 * @param strategy {@code drop-oldest} or {@code summarize}
 * @param summaryText the whole text of the summary message, or empty for {@code drop-oldest}
 * @param tokensBefore the context's tokens before
 * @param tokensAfter the context's tokens after the instruction is carried out
 */
public record CompactionInstruction(String strategy, List<Integer> remove, String summaryText, int tokensBefore,
        int tokensAfter, int pinnedKept) {

    public CompactionInstruction {
        remove = List.copyOf(remove);
    }

    /** Carries the instruction out on a copy of {@code messages}; {@code summary} makes the summary message. */
    public <T> List<T> applyTo(List<T> messages, Function<String, T> summary) {
        List<T> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            if (!remove.contains(i)) {
                out.add(messages.get(i));
            } else if (!summaryText.isEmpty() && i == remove.getFirst()) {
                out.add(summary.apply(summaryText));
            }
        }
        return out;
    }
}
