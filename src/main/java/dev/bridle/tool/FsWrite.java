package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ScopedFile;
import dev.bridle.model.ToolCall;
import java.nio.charset.StandardCharsets;

/**
 * The {@code fs.write} tool: writes UTF-8 text to a file inside the workspace, creating missing parent folders,
 * {@code {"path": "src/a.txt", "content": "..."}}. Content over the cap (1 MiB by default) is refused. The parent
 * folders are created only here, after the call was allowed, each relative to the handle on the folder above, and a
 * file with more than one name (a hard link) is refused before it is emptied (see {@link ScopedFile}).
 */
public final class FsWrite implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "fs.write";

    private final PathScope scope;
    private final LinkGate gate;
    private final int maxBytes;

    /** The tool with no re-check of paths reached through links. */
    public FsWrite(PathScope scope) {
        this(scope, null, FsRead.DEFAULT_MAX_BYTES);
    }

    /** The tool that re-checks, against {@code check}, a path reached through a link ({@code null}: no re-check). */
    public FsWrite(PathScope scope, PermissionCheck check) {
        this(scope, check, FsRead.DEFAULT_MAX_BYTES);
    }

    public FsWrite(PathScope scope, PermissionCheck check, int maxBytes) {
        this.scope = scope;
        this.gate = new LinkGate(check);
        this.maxBytes = maxBytes;
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        var content = ToolArgs.parse(call.args()).flatMap(args -> args.text("content"));
        if (content.isEmpty()) {
            return ToolResult.error(NAME + ": the string argument 'content' is missing");
        }
        byte[] bytes = content.get().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            return ToolResult.error(NAME + ": content is larger than the write cap of " + maxBytes + " bytes");
        }
        return FileCall.run(call, "path", path -> {
            try (ScopedFile file = scope.open(path, PathScope.Intent.CREATE)) {
                var refused = gate.refusal(agent, call, path, file);
                if (refused.isPresent()) {
                    return refused.get();
                }
                file.write(bytes);
                return ToolResult.ok("wrote " + bytes.length + " bytes to " + file.relative());
            }
        });
    }
}
