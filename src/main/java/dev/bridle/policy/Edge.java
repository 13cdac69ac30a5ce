package dev.bridle.policy;

/**
 * A hand-over from one node to another, taken when its condition holds (or always, when it has none).
 *
 * @param to the target node
 * @param when a CEL condition over the run state, or {@code null}
 */
public record Edge(String to, String when) {
    public static Edge to(String node) {
        return new Edge(node, null);
    }
}
