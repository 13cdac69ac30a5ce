package dev.bridle.gateway;

import dev.bridle.model.ToolCall;
import java.util.List;

/**
 * What the model answered, whatever its wire format: its text, the tool calls it emitted (each with its id), and
 * the token usage the upstream reported (0 where it did not).
 */
public record Reply(String text, List<ToolCall> calls, int tokensIn, int tokensOut) {

    public Reply {
        text = text == null ? "" : text;
        calls = List.copyOf(calls);
    }
}
