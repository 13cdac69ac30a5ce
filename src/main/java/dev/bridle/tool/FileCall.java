package dev.bridle.tool;

import dev.bridle.access.PathRefusedException;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Runs the body of a file tool with its path argument, turning every failure into an error result. */
final class FileCall {

    /** The body of a file tool, given the requested path. */
    interface Body {
        ToolResult run(String path) throws IOException;
    }

    private FileCall() {}

    static ToolResult run(ToolCall call, String pathArgument, Body body) {
        return run(call, pathArgument, null, body);
    }

    /** Runs the body with the path argument, or with {@code fallback} when the argument is absent and one is given. */
    static ToolResult run(ToolCall call, String pathArgument, String fallback, Body body) {
        var args = ToolArgs.parse(call.args());
        if (args.isEmpty()) {
            return ToolResult.error(call.tool() + ": the arguments must be a JSON object");
        }
        var path = args.get().text(pathArgument).or(() -> java.util.Optional.ofNullable(fallback));
        if (path.isEmpty()) {
            return ToolResult.error(call.tool() + ": the string argument '" + pathArgument + "' is missing");
        }
        try {
            return body.run(path.get());
        } catch (PathRefusedException e) {
            return ToolResult.error(call.tool() + ": path refused: " + e.getMessage());
        } catch (NoSuchFileException e) {
            return ToolResult.error(call.tool() + ": no such file: " + path.get());
        } catch (DirectoryNotEmptyException e) {
            return ToolResult.error(call.tool() + ": folder not empty: " + path.get());
        } catch (FileSystemException e) {
            return ToolResult.error(call.tool() + ": " + (e.getReason() == null ? "file system error" : e.getReason())
                    + ": " + path.get());
        } catch (IOException | RuntimeException e) {
            return ToolResult.error(call.tool() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
