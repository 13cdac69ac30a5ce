package dev.bridle.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a model is told about each built-in tool: what it does and the JSON Schema of its arguments, with every
 * argument described and the ones the tool cannot do without listed as {@code required}.
 *
 * <p>This is the one place that holds them. The argument names are the ones the tools read ({@link FsRead},
 * {@link FsWrite}, {@link FsList}, {@link FsDelete}, {@link HttpGet}, {@link ShellTool}); a test calls each tool with
 * its schema's required arguments and without them. Extra arguments are not refused ({@code additionalProperties} is
 * left open), because the tools ignore them and a small local model that adds one should not fail its run for it.
 */
public final class BuiltInSpecs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<ToolSpec> ALL = List.of(
            new ToolSpec(FsRead.NAME, "Read a UTF-8 text file in the workspace and answer with its content. Files"
                    + " larger than 1 MiB are refused.",
                    schema(required("path", "The file, relative to the workspace root: src/App.java"))),
            new ToolSpec(FsWrite.NAME, "Write UTF-8 text to a file in the workspace, replacing what it held and"
                    + " creating missing parent folders. Content over 1 MiB is refused.",
                    schema(required("path", "The file, relative to the workspace root: notes/todo.md"),
                            required("content", "The whole new content of the file"))),
            new ToolSpec(FsList.NAME, "List a folder in the workspace, one entry a line, sorted by name; folders end"
                    + " with / and links with @.",
                    schema(optional("path", "The folder, relative to the workspace root; the root itself when left"
                            + " out"))),
            new ToolSpec(FsDelete.NAME, "Delete a file, or an empty folder, in the workspace.",
                    schema(required("path", "The file or empty folder, relative to the workspace root"))),
            new ToolSpec(HttpGet.NAME, "Fetch a URL with HTTP GET and answer with the status line and the body as"
                    + " text. Only hosts the harness allows are reached, and redirects are checked the same way.",
                    schema(required("url", "An absolute http or https URL: https://example.com/a"))),
            new ToolSpec(ShellTool.NAME, "Run one program in the workspace and answer with its output. The command is"
                    + " split into words and run without a shell: no pipes, redirection, variables, globbing or"
                    + " chaining with ; or &&. Only programs a permission rule allows are run.",
                    schema(required("command", "The program and its arguments: git status"))));

    private static final Map<String, ToolSpec> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ToolSpec::name, Function.identity()));

    private BuiltInSpecs() {}

    /** Every built-in tool's spec, in a fixed order. */
    public static List<ToolSpec> all() {
        return ALL;
    }

    /** The spec of the built-in tool {@code name}, or empty when no built-in tool has that name. */
    public static Optional<ToolSpec> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** One string argument of a tool. */
    private record Argument(String name, String description, boolean required) {}

    private static Argument required(String name, String description) {
        return new Argument(name, description, true);
    }

    private static Argument optional(String name, String description) {
        return new Argument(name, description, false);
    }

    /** The JSON Schema of an arguments object made of string arguments. */
    private static String schema(Argument... arguments) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Argument a : arguments) {
            properties.putObject(a.name()).put("type", "string").put("description", a.description());
            if (a.required()) {
                required.add(a.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema.toString();
    }

    /**
     * The spec a model is offered for the tool an agent lists: the built-in's, or, for any other tool (a scenario's
     * stub, a tool the harness declares), one that takes any arguments object until the harness gives its schema.
     */
    public static ToolSpec offered(String name) {
        return of(name).orElseGet(() -> ToolSpec.anyArguments(name));
    }
}
