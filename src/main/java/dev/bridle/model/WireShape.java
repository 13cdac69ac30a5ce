package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** The JSON shapes Ollama's and the OpenAI-compatible chat APIs share, and the failure when an answer lacks them. */
final class WireShape {

    private WireShape() {}

    /**
     * The {@code tools} array: {@code [{type: function, function: {name, description, parameters}}]}, each tool under
     * its wire name.
     */
    static ArrayNode functions(List<ToolSpec> tools, ToolNames names) {
        ArrayNode out = CanonicalJson.MAPPER.createArrayNode();
        for (ToolSpec tool : tools) {
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", names.wire(tool.name()));
            if (!tool.description().isEmpty()) {
                function.put("description", tool.description());
            }
            function.set("parameters", json(tool.parameters()));
        }
        return out;
    }

    /** The array under {@code field}; empty when the field is missing or null. */
    static Iterable<JsonNode> array(JsonNode parent, String field, ServerConfig config) throws ModelException {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw malformed("'" + field + "' is not an array", config);
        }
        return node;
    }

    /** The prompt's tokens as the server counted them, or estimated with {@code cl100k} when it did not say. */
    static int tokensIn(JsonNode parent, String field, ModelRequest request) {
        return count(parent, field).orElseGet(() -> TokenCounter.cl100k().count(request.messages()));
    }

    /** The reply's tokens as the server counted them, or estimated as the mock counts them when it did not say. */
    static int tokensOut(JsonNode parent, String field, String text, List<ToolCall> calls) {
        return count(parent, field).orElseGet(() -> {
            StringBuilder said = new StringBuilder(text);
            calls.forEach(said::append);
            return TokenCounter.cl100k().count(said.toString());
        });
    }

    private static Optional<Integer> count(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0
                ? Optional.of(node.asInt())
                : Optional.empty();
    }

    /** JSON text that this package wrote or checked itself. */
    static JsonNode json(String text) {
        try {
            return CanonicalJson.parse(text);
        } catch (CanonicalJson.JsonProblem e) {
            throw new IllegalStateException("canonical JSON did not parse: " + e.getMessage());
        }
    }

    static ModelException malformed(String what, ServerConfig config) {
        return new ModelException(ModelException.Kind.MALFORMED_RESPONSE,
                "model answered with unexpected JSON (" + what + ": " + config.baseUrl() + ")");
    }
}
