package dev.bridle.context;

import java.util.List;

/**
 * What a compaction did, for the {@code context.compacted} event and for callers that keep their own copy of the
 * messages (the embeddable runtime tells them which messages to drop or summarize).
 *
 * @param strategy the strategy that ran ({@code drop-oldest} also when summarizing fell back)
 * @param removed messages dropped or folded into the summary
 * @param pinned pinned messages kept
 * @param indexes the positions, before compaction and in ascending order, of the messages removed
 * @param summary the text of the summary message put at the first removed position, or empty when the oldest
 *     messages were dropped
 */
public record Compaction(String strategy, int before, int after, int removed, int pinned, List<Integer> indexes,
        String summary) {
    public Compaction {
        indexes = List.copyOf(indexes);
        summary = summary == null ? "" : summary;
    }
}
