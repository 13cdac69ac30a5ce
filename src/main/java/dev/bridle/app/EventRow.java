package dev.bridle.app;

import dev.bridle.event.RunEvent;

/**
 * One row of the events table: the columns a user scans to see what a run did and which rule decided.
 *
 * @param node the workflow node, or {@code ""}
 * @param rule the rule that took the decision, or {@code ""}
 */
public record EventRow(long seq, int step, String kind, String node, String rule, String summary) {

    public static EventRow of(RunEvent event) {
        return new EventRow(
                event.seq(),
                event.step(),
                event.kind(),
                orEmpty(event.node()),
                orEmpty(event.rule()),
                event.summary());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
