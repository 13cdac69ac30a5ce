package dev.bridle.runtime;

import java.util.Optional;

/**
 * The answer before a model call: the decision, what to do to the context first when it is over the window, and
 * the context's size the guards saw (after compaction).
 */
public record ModelCallCheck(Decision decision, Optional<CompactionInstruction> compaction, int contextTokens) {}
