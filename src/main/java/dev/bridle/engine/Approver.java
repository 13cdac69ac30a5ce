package dev.bridle.engine;

/**
 * Answers the questions a run pauses on: an approval node, a permission rule that asks, a guard that escalates.
 * Answers come from the workbench's dialog, the CLI's prompt, or a scenario's script; no answer counts as a rejection.
 */
@FunctionalInterface
public interface Approver {

    Answer answer(Question question);

    /**
     * What the run asks.
     *
     * @param rule the rule that asks (an approval node's id, a permission rule, a guard)
     * @param question the question in words, naming the rule and the resource
     */
    record Question(String rule, String node, String agent, String question) {}

    /** The answer and who gave it ({@code script}, {@code user}, {@code timeout}). */
    record Answer(boolean approved, String by) {}

    /** Rejects everything: runs with nobody to ask. */
    static Approver nobody() {
        return q -> new Answer(false, "nobody (no one to ask)");
    }
}
