package dev.bridle.gateway;

import dev.bridle.model.Message;
import java.util.List;
import java.util.Optional;

/**
 * One request of an agent as the harness sees it, whatever its wire format: the model asked for, the conversation as
 * messages (in wire order, so that an index names a wire message), whether the answer streams, the session the
 * request itself names, and the tool results it carries for the calls of the previous response.
 *
 * @param sessionHint the session named by the request's own metadata ({@code metadata.user_id}, {@code user}, …)
 * @param results the tool results after the last assistant message
 */
public record Turn(String model, List<Message> messages, boolean stream, Optional<String> sessionHint,
        List<ToolResult> results) {

    public Turn {
        model = model == null ? "" : model;
        messages = List.copyOf(messages);
        results = List.copyOf(results);
    }

    /**
     * A tool's result as the client sends it back.
     *
     * @param callId the id of the call it answers; empty when the format has none (Ollama)
     * @param tool the tool's name when the format says it; empty otherwise
     */
    public record ToolResult(String callId, String tool, String content, boolean error) {}
}
