package dev.bridle.access;

import dev.bridle.policy.Effect;

/**
 * How one rule fared against one request, in an {@link Explanation}.
 *
 * @param rule the rule's id
 * @param effect the rule's effect
 * @param status whether it matched, or the first part that did not
 * @param detail the value that did not match, or the condition's error; empty when there is nothing to add
 */
public record RuleOutcome(String rule, Effect effect, Status status, String detail) {

    /** Whether a rule matched, or the first reason it did not, in the order the parts are checked. */
    public enum Status {
        MATCHED("matched"),
        TOOL_DIFFERS("tool did not match"),
        AGENT_DIFFERS("agent did not match"),
        PATH_DIFFERS("path did not match"),
        HOST_DIFFERS("host did not match"),
        CONDITION_FALSE("condition false"),
        CONDITION_FAILED("condition failed, fail closed as deny");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        /** The status in words, as the rendering shows it. */
        public String words() {
            return words;
        }
    }

    /** Whether the rule takes part in the decision (a failed condition does, as a deny). */
    public boolean counts() {
        return status == Status.MATCHED || status == Status.CONDITION_FAILED;
    }

    /** The effect the rule contributes when it counts: its own, or deny for a failed condition. */
    public Effect contributes() {
        return status == Status.CONDITION_FAILED ? Effect.DENY : effect;
    }
}
