package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool a model may call: its name, what it does, and the JSON Schema of its arguments.
 *
 * <p>The schema is kept as canonical JSON text (keys sorted), so the record stays free of Jackson and equal specs
 * have equal text. Only local references ({@code "$ref": "#/..."}) are allowed: a tool's schema never makes Bridle
 * fetch anything.
 *
 * <p>This is also the seam for tools a harness declares: a declared tool that carries its own schema is offered as a
 * {@code ToolSpec} like a built-in one ({@code dev.bridle.tool.BuiltInSpecs}).
 *
 * @param name the tool's name as the harness writes it ({@code fs.read}); the bindings offer it to the model under
 *     a name the chat APIs accept ({@code fs_read}), see {@link ToolNames}
 * @param description what the tool does, for the model; may be empty
 * @param parameters the JSON Schema of the arguments object, as canonical JSON text
 */
public record ToolSpec(String name, String description, String parameters) {

    /** The schema of a tool that takes any arguments object. */
    public static final String ANY_OBJECT = "{\"type\":\"object\"}";

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a tool needs a name");
        }
        description = description == null ? "" : description;
        JsonNode schema;
        try {
            schema = CanonicalJson.parseObject(parameters == null ? ANY_OBJECT : parameters);
        } catch (CanonicalJson.JsonProblem e) {
            throw new IllegalArgumentException("tool '" + name + "': parameters are not a JSON Schema object ("
                    + e.getMessage() + ")");
        }
        String remote = remoteReference(schema);
        if (remote != null) {
            throw new IllegalArgumentException("tool '" + name + "': parameters refer to '" + remote
                    + "'; only local references (#/...) are allowed");
        }
        parameters = CanonicalJson.text(schema);
    }

    /** A tool that takes any arguments object: what a model is offered for a tool with no schema of its own. */
    public static ToolSpec anyArguments(String name) {
        return new ToolSpec(name, "", ANY_OBJECT);
    }

    private static String remoteReference(JsonNode node) {
        if (node.isObject()) {
            for (String key : new String[] {"$ref", "$dynamicRef"}) {
                JsonNode ref = node.get(key);
                if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                    return ref.asText();
                }
            }
        }
        for (JsonNode child : node) {
            String found = remoteReference(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
