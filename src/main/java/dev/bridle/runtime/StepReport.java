package dev.bridle.runtime;

import java.util.List;
import java.util.Map;

/**
 * What one step of the agent did: the model's token usage, its reply text, the tool calls it made and how each went,
 * and run variables set.
 *
 * @param reply the model's text; empty when it only called tools or said nothing
 * @param toolCalls the step's tool calls in order; those already reported through {@link Session#toolCompleted} or
 *     denied by the session need not be repeated (they are counted once)
 * @param variables run variables the step set, beyond those its tool outcomes carry
 */
public record StepReport(int tokensIn, int tokensOut, String reply, List<ToolOutcome> toolCalls,
        Map<String, Object> variables) {

    public StepReport {
        reply = reply == null ? "" : reply;
        toolCalls = List.copyOf(toolCalls);
        variables = Map.copyOf(variables);
    }

    /** A step whose tool calls were all reported as they finished. */
    public static StepReport of(int tokensIn, int tokensOut, String reply) {
        return new StepReport(tokensIn, tokensOut, reply, List.of(), Map.of());
    }
}
