package dev.bridle.runtime;

import java.util.Map;

/**
 * How one tool call went: its result (or error), and the run variables it sets, which completion criteria and
 * progress detection read.
 *
 * @param args the call's arguments as JSON
 */
public record ToolOutcome(String tool, String args, boolean ok, String output, Map<String, Object> sets) {

    public ToolOutcome {
        sets = Map.copyOf(sets);
    }

    public static ToolOutcome ok(String tool, String args, String output) {
        return new ToolOutcome(tool, args, true, output, Map.of());
    }

    public static ToolOutcome error(String tool, String args, String message) {
        return new ToolOutcome(tool, args, false, message, Map.of());
    }
}
