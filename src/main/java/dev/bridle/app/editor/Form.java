package dev.bridle.app.editor;

import java.util.List;
import java.util.Map;

/**
 * What the inspector edits for one selected thing (a node, an edge, a guard, an agent, the harness): its fields,
 * their current values as text, and the edit that sets one of them. Forms are plain logic, testable without a
 * window.
 */
public interface Form {

    /** A heading for the form: {@code check node 'verify'}. */
    String title();

    List<Field> fields();

    /** The current value of every field, as text; empty when the thing no longer exists. */
    Map<String, String> values();

    /**
     * The edit that sets {@code key} to {@code value}.
     *
     * @throws IllegalArgumentException when the value is not acceptable, with a message for the user
     */
    Edit edit(String key, String value);

    /** Splits a comma-separated list, dropping blanks. */
    static List<String> split(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A whole number, or a message saying it is not one. */
    static int number(String key, String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0) {
                throw new IllegalArgumentException(key + " cannot be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
    }

    /** A decimal number, or a message saying it is not one. */
    static double decimal(String key, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number");
        }
    }

    /** A duration as documents write it ({@code 30s}, {@code 5m}), or a message. */
    static java.time.Duration duration(String key, String text) {
        return dev.bridle.policy.Durations.parse(text).orElseThrow(() ->
                new IllegalArgumentException(key + " must be a duration such as 500ms, 30s, 5m or 1h"));
    }
}
