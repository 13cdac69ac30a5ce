package dev.bridle.app.editor;

import dev.bridle.policy.Node;
import java.util.List;

/**
 * Where an edge leaves a node: the document key it is written under. Agent, checkpoint and join nodes hand over by
 * {@code next}; checks and approvals by {@code then} and {@code else}; a parallel node starts its {@code branches}
 * and names its {@code join}.
 */
public enum Port {
    NEXT("next"),
    THEN("then"),
    ELSE("else"),
    BRANCH("branch"),
    JOIN("join");

    private final String word;

    Port(String word) {
        this.word = word;
    }

    /** The word shown beside the port and on the edge. */
    public String word() {
        return word;
    }

    /** Whether the port holds a list of targets (so connecting adds one) rather than a single target. */
    public boolean many() {
        return this == NEXT || this == BRANCH;
    }

    /** The ports a node of this kind has, in the order they are drawn from top to bottom. */
    public static List<Port> of(Node node) {
        return switch (node) {
            case Node.AgentNode a -> List.of(NEXT);
            case Node.CheckpointNode c -> List.of(NEXT);
            case Node.JoinNode j -> List.of(NEXT);
            case Node.CheckNode c -> List.of(THEN, ELSE);
            case Node.ApprovalNode a -> List.of(THEN, ELSE);
            case Node.ParallelNode p -> List.of(BRANCH, JOIN);
            case Node.EndNode e -> List.of();
        };
    }
}
