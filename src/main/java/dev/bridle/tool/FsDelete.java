package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ScopedFile;
import dev.bridle.model.ToolCall;

/**
 * The {@code fs.delete} tool: deletes a file, or an empty folder, inside the workspace, {@code {"path": "a.txt"}}.
 * A path through a link deletes what the link leads to inside the workspace; the root cannot be deleted.
 */
public final class FsDelete implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "fs.delete";

    private final PathScope scope;
    private final LinkGate gate;

    /** The tool with no re-check of paths reached through links. */
    public FsDelete(PathScope scope) {
        this(scope, null);
    }

    /** The tool that re-checks, against {@code check}, a path reached through a link ({@code null}: no re-check). */
    public FsDelete(PathScope scope, PermissionCheck check) {
        this.scope = scope;
        this.gate = new LinkGate(check);
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        return FileCall.run(call, "path", path -> {
            try (ScopedFile file = scope.open(path, PathScope.Intent.EXISTING)) {
                var refused = gate.refusal(agent, call, path, file);
                if (refused.isPresent()) {
                    return refused.get();
                }
                file.delete();
                return ToolResult.ok("deleted " + file.relative());
            }
        });
    }
}
