package dev.bridle.engine;

import dev.bridle.policy.Outcome;

/**
 * How a run ended.
 *
 * @param outcome exactly one outcome
 * @param reason why, in words
 * @param rule the rule that ended it (a guard id, an end node id), or {@code null}
 * @param steps completed steps
 */
public record RunResult(Outcome outcome, String reason, String rule, int steps) {

    /** The line the CLI ends with: {@code stopped by guard 'budget' (steps.max=12) at step 12}. */
    public String headline() {
        return switch (outcome) {
            case STOPPED -> (reason.startsWith("guard '") ? "stopped by " + reason
                    : "stopped by rule '" + rule + "' (" + reason + ")") + " at step " + steps;
            case COMPLETED -> reason.startsWith("reached end node")
                    ? "completed at end node '" + rule + "' after " + steps + " steps"
                    : "completed by rule '" + rule + "' after " + steps + " steps";
            case FAILED -> "failed at step " + steps + ": " + reason;
            case INTERRUPTED -> "interrupted at step " + steps + ": " + reason;
        };
    }
}
