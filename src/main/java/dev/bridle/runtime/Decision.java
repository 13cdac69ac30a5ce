package dev.bridle.runtime;

/**
 * What the harness decided at one point of an agent's step. Every decision names the rule that took it (a guard's id,
 * a permission rule's id, {@code default}, {@code path-scope}, {@code coordination.locks}), the same name the
 * workbench's timeline shows; an {@link Allow} names the rule that allowed, or {@value #DEFAULT} when no rule had
 * anything to say.
 */
public sealed interface Decision {

    /** The rule named when nothing but the default decided: no permission rule matched, no guard triggered. */
    String DEFAULT = "default";

    /** The rule that took this decision. */
    String rule();

    /** Whether the agent may go on: the call may be made, the step may be taken. */
    default boolean proceeds() {
        return this instanceof Allow || this instanceof Warn || this instanceof Nudge;
    }

    /** Whether the run is over: a guard stopped it or a completion criterion holds. */
    default boolean endsRun() {
        return this instanceof Stop || this instanceof Complete;
    }

    /** Go on: {@code rule} allowed (a permission rule, the rule whose question was answered yes, or default). */
    record Allow(String rule) implements Decision {}

    /** Go on; a guard warns (its first stage, for example). */
    record Warn(String rule, String detail) implements Decision {}

    /** Go on after putting {@code message} into the agent's context as a user message. */
    record Nudge(String rule, String message) implements Decision {}

    /** Do not make this tool call; give {@code reason} to the model as the call's result. */
    record Deny(String rule, String reason) implements Decision {}

    /** Pause for a human; pass the answer to {@link Session#answer}, which returns the decision that follows. */
    record Ask(String rule, String question) implements Decision {}

    /** The run is stopped by {@code rule}: make no more model or tool calls. */
    record Stop(String rule, String reason) implements Decision {}

    /** The run is complete: the completion criterion {@code rule} holds. */
    record Complete(String rule) implements Decision {}
}
