package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a real model's tool calls against the request's tool specs: the tool must be one the request offered, and its
 * arguments must be a JSON object that matches the tool's schema (JSON Schema 2020-12 unless the schema names another
 * dialect). Schemas are compiled once; none may load anything from outside.
 */
final class ToolCallCheck {

    private static final int SHOWN_PROBLEMS = 3;
    private static final int QUOTED_LENGTH = 80;

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /**
     * The spec of the tool the model called by {@code wireName}, or the failure that the model called a tool it was not
     * offered. Only the exact wire name of an offered tool is accepted: a near miss is never matched.
     */
    ToolSpec offered(String wireName, List<ToolSpec> tools, ToolNames names) throws ModelException {
        Optional<String> name = names.original(wireName);
        for (ToolSpec spec : tools) {
            if (name.isPresent() && spec.name().equals(name.get())) {
                return spec;
            }
        }
        String offered = tools.isEmpty()
                ? "the request offered no tools"
                : "offered: " + tools.stream().map(t -> shown(t, names)).sorted().collect(Collectors.joining(", "));
        throw new ModelException(ModelException.Kind.UNKNOWN_TOOL,
                "model called an unknown tool ('" + quoted(wireName) + "'; " + offered + ")");
    }

    /** A name the model made up, fit for a one-line message: whitespace folded, and cut when it runs long. */
    private static String quoted(String name) {
        String line = name.replaceAll("\\s+", " ");
        return line.length() <= QUOTED_LENGTH ? line : line.substring(0, QUOTED_LENGTH) + "…";
    }

    /** A tool as the model saw it, with the harness's name beside it when the two differ: {@code fs_read (fs.read)}. */
    private static String shown(ToolSpec tool, ToolNames names) {
        String onWire = names.wire(tool.name());
        return onWire.equals(tool.name()) ? onWire : onWire + " (" + tool.name() + ")";
    }

    /**
     * The call, with canonical arguments, once they match the tool's schema.
     *
     * @param arguments an object, or JSON text of one (OpenAI sends a string); missing, null or blank means {@code {}}
     */
    ToolCall call(ToolSpec spec, JsonNode arguments, String id) throws ModelException {
        JsonNode args = arguments;
        if (args == null || args.isMissingNode() || args.isNull() || (args.isTextual() && args.asText().isBlank())) {
            args = CanonicalJson.MAPPER.createObjectNode();
        } else if (args.isTextual()) {
            try {
                args = CanonicalJson.parse(args.asText());
            } catch (CanonicalJson.JsonProblem e) {
                throw badArguments(spec, "not JSON: " + e.getMessage());
            }
        }
        if (!args.isObject()) {
            throw badArguments(spec, "expected a JSON object, got " + args.getNodeType().name().toLowerCase());
        }
        JsonSchema schema;
        try {
            schema = compiled.computeIfAbsent(spec.parameters(), text -> factory.getSchema(parse(text)));
        } catch (RuntimeException e) {
            throw new ModelException(ModelException.Kind.OTHER, "tool schema cannot be checked ('" + spec.name()
                    + "': " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ") + ")", e);
        }
        List<String> problems = schema.validate(args).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())));
            int more = problems.size() - SHOWN_PROBLEMS;
            throw badArguments(spec, shown + (more > 0 ? "; and " + more + " more" : ""));
        }
        return new ToolCall(spec.name(), CanonicalJson.text(args), id);
    }

    private static ModelException badArguments(ToolSpec spec, String why) {
        return new ModelException(ModelException.Kind.BAD_ARGUMENTS,
                "model called '" + spec.name() + "' with bad arguments (" + why + ")");
    }

    private static JsonNode parse(String text) {
        try {
            return CanonicalJson.parse(text);
        } catch (CanonicalJson.JsonProblem e) {
            throw new IllegalStateException("a ToolSpec holds JSON it checked: " + e.getMessage());
        }
    }
}
