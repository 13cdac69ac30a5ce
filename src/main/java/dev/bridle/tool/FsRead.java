package dev.bridle.tool;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ScopedFile;
import dev.bridle.model.ToolCall;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@code fs.read} tool: reads a UTF-8 text file inside the workspace, {@code {"path": "src/a.txt"}}.
 *
 * <p>Reads are capped (1 MiB by default): a larger file is an error, never a silent truncation, and at most the cap
 * plus one byte is ever read, whatever the file's size claims. Text that is not valid UTF-8 is an error. A file with
 * more than one name (a hard link) is refused, checked on the opened file: another name may be outside.
 */
public final class FsRead implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "fs.read";

    /** The default read cap, in bytes. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final PathScope scope;
    private final LinkGate gate;
    private final int maxBytes;

    /** The tool with no re-check of paths reached through links. */
    public FsRead(PathScope scope) {
        this(scope, null, DEFAULT_MAX_BYTES);
    }

    /** The tool that re-checks, against {@code check}, a path reached through a link ({@code null}: no re-check). */
    public FsRead(PathScope scope, PermissionCheck check) {
        this(scope, check, DEFAULT_MAX_BYTES);
    }

    public FsRead(PathScope scope, PermissionCheck check, int maxBytes) {
        this.scope = scope;
        this.gate = new LinkGate(check);
        this.maxBytes = maxBytes;
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        return FileCall.run(call, "path", path -> {
            try (ScopedFile file = scope.open(path, PathScope.Intent.EXISTING)) {
                var refused = gate.refusal(agent, call, path, file);
                if (refused.isPresent()) {
                    return refused.get();
                }
                if (file.isFolder() || !file.isRegularFile()) {
                    return ToolResult.error("not a regular file: " + file.relative());
                }
                if (file.size() > maxBytes) {
                    return tooLarge(file.relative(), file.size());
                }
                byte[] bytes = file.read(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    return tooLarge(file.relative(), bytes.length);
                }
                return ToolResult.ok(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString());
            } catch (CharacterCodingException e) {
                return ToolResult.error("not UTF-8 text: " + path);
            }
        });
    }

    private ToolResult tooLarge(String path, long size) {
        return ToolResult.error(path + " is larger than the read cap of " + maxBytes + " bytes (" + size + ")");
    }
}
