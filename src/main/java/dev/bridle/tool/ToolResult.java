package dev.bridle.tool;

import java.util.Map;

/**
 * What a tool call gave back: its output or an error message, how long it took, and the run variables it sets
 * (a test runner setting {@code tests.failed}, for example), which completion criteria and checks read.
 */
public record ToolResult(boolean ok, String output, long durationMillis, Map<String, Object> sets) {

    public ToolResult {
        sets = Map.copyOf(sets);
    }

    public ToolResult(boolean ok, String output, long durationMillis) {
        this(ok, output, durationMillis, Map.of());
    }

    public static ToolResult ok(String output) {
        return new ToolResult(true, output, 0);
    }

    public static ToolResult error(String message) {
        return new ToolResult(false, message, 0);
    }
}
