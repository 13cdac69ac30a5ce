package dev.bridle.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.policy.ToolDeclaration;
import dev.bridle.policy.ToolDeclarations;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code's tools as the harness knows them. A tool the harness declares under its own Claude Code name
 * ({@code Read: { reads: file_path }}) is checked as declared; otherwise Claude Code's file, shell and web tools are
 * checked as Bridle's built-in ones, the inverse of {@code export --target claude-code}: {@code Read} as
 * {@code fs.read}, {@code Write}/{@code Edit}/{@code MultiEdit}/{@code NotebookEdit} as {@code fs.write},
 * {@code Glob}/{@code Grep}/{@code LS} as {@code fs.list}, {@code Bash} as {@code shell}, {@code WebFetch} as
 * {@code http.get}. Any other tool keeps its name and is checked by name only. Claude Code gives absolute paths; a
 * path inside the session's folder is made relative to it, one outside stays absolute so that the real-path check
 * refuses it.
 */
final class ClaudeTools {

    /** Claude Code tool, built-in tool, the argument that names what it touches. */
    private record Builtin(String tool, String from, String to) {}

    private static final Map<String, Builtin> BUILT_IN = Map.of(
            "Read", new Builtin("fs.read", "file_path", "path"),
            "Write", new Builtin("fs.write", "file_path", "path"),
            "Edit", new Builtin("fs.write", "file_path", "path"),
            "MultiEdit", new Builtin("fs.write", "file_path", "path"),
            "NotebookEdit", new Builtin("fs.write", "notebook_path", "path"),
            "Glob", new Builtin("fs.list", "path", "path"),
            "Grep", new Builtin("fs.list", "path", "path"),
            "LS", new Builtin("fs.list", "path", "path"),
            "Bash", new Builtin("shell", "command", "command"),
            "WebFetch", new Builtin("http.get", "url", "url"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaudeTools() {}

    /** The harness's view of one Claude Code call: its tool name and its arguments as JSON. */
    record Call(String tool, String args) {}

    static Call of(ToolDeclarations declared, String toolName, JsonNode input, Path cwd) {
        ObjectNode args = input.isObject() ? ((ObjectNode) input).deepCopy() : JSON.createObjectNode();
        Optional<ToolDeclaration> own = declared.declared().containsKey(toolName)
                ? Optional.of(declared.declared().get(toolName)) : Optional.empty();
        if (own.isPresent()) {
            ToolDeclaration d = own.get();
            if (d.namesPath() && args.path(d.argument()).isTextual()) {
                args.put(d.argument(), relative(args.get(d.argument()).asText(), cwd));
            }
            return new Call(toolName, args.toString());
        }
        Builtin b = BUILT_IN.get(toolName);
        if (b == null) {
            return new Call(toolName, args.toString());
        }
        ObjectNode mapped = JSON.createObjectNode();
        JsonNode value = args.get(b.from());
        if (value != null && value.isTextual()) {
            String v = value.asText();
            mapped.put(b.to(), b.to().equals("path") ? relative(v, cwd) : v);
        } else if (b.tool().equals("fs.list")) {
            mapped.put("path", "."); // Glob and Grep without a path search the session's folder
        }
        return new Call(b.tool(), mapped.toString());
    }

    /** {@code path} relative to {@code cwd} when it is inside it; as given otherwise. */
    static String relative(String path, Path cwd) {
        Path p;
        try {
            p = Path.of(path);
        } catch (RuntimeException e) {
            return path;
        }
        if (!p.isAbsolute()) {
            return path;
        }
        Path n = p.normalize();
        if (n.equals(cwd)) {
            return ".";
        }
        return n.startsWith(cwd) ? cwd.relativize(n).toString() : path;
    }
}
