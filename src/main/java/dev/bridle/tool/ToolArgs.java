package dev.bridle.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** The arguments of one tool call, read from its JSON text without ever throwing. */
final class ToolArgs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;

    private ToolArgs(JsonNode node) {
        this.node = node;
    }

    /** The arguments, or empty when the text is not a JSON object. */
    static Optional<ToolArgs> parse(String json) {
        try {
            JsonNode node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
            return node != null && node.isObject() ? Optional.of(new ToolArgs(node)) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A string argument, or empty when it is absent or not a string. */
    Optional<String> text(String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
