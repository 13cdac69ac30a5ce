package dev.bridle.model;

/**
 * A tool call a model asked for.
 *
 * @param tool the tool's name
 * @param args the arguments as canonical JSON (keys sorted), so that equal calls have equal text
 */
public record ToolCall(String tool, String args) {
    @Override
    public String toString() {
        return tool + args;
    }
}
