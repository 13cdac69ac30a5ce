package dev.bridle.tool;

/** What a tool call gave back: its output, or an error message. */
public record ToolResult(boolean ok, String output, long durationMillis) {
    public static ToolResult ok(String output) {
        return new ToolResult(true, output, 0);
    }

    public static ToolResult error(String message) {
        return new ToolResult(false, message, 0);
    }
}
