package dev.bridle.model;

import java.util.Objects;

/**
 * A tool call a model asked for.
 *
 * @param tool the tool's name
 * @param args the arguments as canonical JSON (keys sorted), so that equal calls have equal text
 * @param id the id the model gave the call, which the tool's result must quote back (OpenAI-compatible servers);
 *     empty when the model gave none (Ollama, the scripted model)
 */
public record ToolCall(String tool, String args, String id) {

    public ToolCall {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(args, "args");
        id = id == null ? "" : id;
    }

    /** A call without an id. */
    public ToolCall(String tool, String args) {
        this(tool, args, "");
    }

    /** The tool and its arguments, {@code fs.read{"path":"a"}}; the id is left out so that equal calls print alike. */
    @Override
    public String toString() {
        return tool + args;
    }
}
