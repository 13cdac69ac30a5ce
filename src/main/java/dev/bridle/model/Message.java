package dev.bridle.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of a model's context.
 *
 * <p>An assistant message may carry the tool calls the model made, and a tool message names the call it answers, so
 * that the wire formats which need them (OpenAI's {@code tool_call_id}, Ollama's {@code tool_name}) can be written.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text
 * @param toolCalls the calls an assistant message made; empty otherwise
 * @param toolCallId the id of the call a tool message answers; empty when unknown or not a tool message
 * @param toolName the tool whose result a tool message carries; empty when unknown or not a tool message
 */
public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = List.copyOf(toolCalls);
        toolCallId = toolCallId == null ? "" : toolCallId;
        toolName = toolName == null ? "" : toolName;
    }

    /** A message with text only. */
    public Message(String role, String content) {
        this(role, content, List.of(), "", "");
    }

    public static Message system(String content) {
        return new Message("system", content);
    }

    public static Message user(String content) {
        return new Message("user", content);
    }

    public static Message assistant(String content) {
        return new Message("assistant", content);
    }

    /** An assistant message with the tool calls the model made; {@code content} may be empty. */
    public static Message assistant(String content, List<ToolCall> calls) {
        return new Message("assistant", content, calls, "", "");
    }

    /** A tool result that names no call; prefer {@link #toolResult(ToolCall, String)}. */
    public static Message tool(String content) {
        return new Message("tool", content);
    }

    /** The result of {@code call}, quoting its id and tool name. */
    public static Message toolResult(ToolCall call, String content) {
        return new Message("tool", content, List.of(), call.id(), call.tool());
    }
}
