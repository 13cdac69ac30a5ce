package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ScopedFile;
import dev.bridle.model.ToolCall;

/**
 * The {@code fs.list} tool: lists a folder inside the workspace, {@code {"path": "src"}} (the root when the path is
 * absent), one entry a line, sorted by name: folders end with {@code /}, links with {@code @}. At most
 * {@value #MAX_ENTRIES} entries are listed; a longer listing ends with a line saying so.
 */
public final class FsList implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "fs.list";

    /** The most entries listed. */
    public static final int MAX_ENTRIES = 1000;

    private final PathScope scope;
    private final LinkGate gate;

    /** The tool with no re-check of paths reached through links. */
    public FsList(PathScope scope) {
        this(scope, null);
    }

    /** The tool that re-checks, against {@code check}, a path reached through a link ({@code null}: no re-check). */
    public FsList(PathScope scope, PermissionCheck check) {
        this.scope = scope;
        this.gate = new LinkGate(check);
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        return FileCall.run(call, "path", ".", path -> {
            try (ScopedFile file = scope.open(path, PathScope.Intent.EXISTING)) {
                var refused = gate.refusal(agent, call, path, file);
                if (refused.isPresent()) {
                    return refused.get();
                }
                var entries = file.list(MAX_ENTRIES + 1);
                StringBuilder out = new StringBuilder();
                int shown = Math.min(entries.size(), MAX_ENTRIES);
                for (int i = 0; i < shown; i++) {
                    var entry = entries.get(i);
                    out.append(entry.name()).append(switch (entry.kind()) {
                        case "folder" -> "/";
                        case "link" -> "@";
                        default -> "";
                    }).append('\n');
                }
                if (entries.size() > MAX_ENTRIES) {
                    out.append("(more than ").append(MAX_ENTRIES).append(" entries; listing cut)\n");
                }
                return ToolResult.ok(out.toString());
            }
        });
    }
}
