package dev.bridle.model;

import java.util.List;

/**
 * A model's reply: text, tool calls, token usage and how long it took.
 */
public record ModelResponse(String text, List<ToolCall> toolCalls, int tokensIn, int tokensOut, long latencyMillis) {
    public ModelResponse {
        toolCalls = List.copyOf(toolCalls);
    }
}
