package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow graph: its start node and its nodes, kept in document order.
 */
public record Workflow(String start, Map<String, Node> nodes) {
    public Workflow {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }
}
