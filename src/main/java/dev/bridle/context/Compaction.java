package dev.bridle.context;

/**
 * What a compaction did, for the {@code context.compacted} event.
 *
 * @param strategy the strategy that ran ({@code drop-oldest} also when summarizing fell back)
 * @param removed messages dropped or folded into the summary
 * @param pinned pinned messages kept
 */
public record Compaction(String strategy, int before, int after, int removed, int pinned) {}
