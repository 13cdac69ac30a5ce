package dev.bridle.app.editor;

import dev.bridle.policy.Edge;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * One edge of the workflow graph as the editor selects and deletes it: from a node, out of a port, to a node.
 *
 * @param when the condition of a {@code next} edge, or {@code null}
 */
public record EdgeRef(String from, Port port, String to, String when) {

    public EdgeRef(String from, Port port, String to) {
        this(from, port, to, null);
    }

    /** Whether this is the same edge as {@code other}, conditions aside. */
    public boolean sameAs(EdgeRef other) {
        return other != null && from.equals(other.from) && port == other.port && to.equals(other.to);
    }

    /** Every connected edge of the harness, in document order; unconnected ports ({@code ""}) are left out. */
    public static List<EdgeRef> all(Harness h) {
        List<EdgeRef> out = new ArrayList<>();
        for (Node n : h.workflow().nodes().values()) {
            out.addAll(of(n));
        }
        return out;
    }

    /** The connected edges that leave {@code n}. */
    public static List<EdgeRef> of(Node n) {
        List<EdgeRef> out = new ArrayList<>();
        switch (n) {
            case Node.AgentNode a -> next(out, a.id(), a.next());
            case Node.CheckpointNode c -> next(out, c.id(), c.next());
            case Node.JoinNode j -> next(out, j.id(), j.next());
            case Node.CheckNode c -> {
                add(out, c.id(), Port.THEN, c.then());
                add(out, c.id(), Port.ELSE, c.otherwise());
            }
            case Node.ApprovalNode a -> {
                add(out, a.id(), Port.THEN, a.then());
                add(out, a.id(), Port.ELSE, a.otherwise());
            }
            case Node.ParallelNode p -> {
                p.branches().forEach(b -> add(out, p.id(), Port.BRANCH, b));
                add(out, p.id(), Port.JOIN, p.join());
            }
            case Node.EndNode e -> {
                // an end hands over to no one
            }
        }
        return out;
    }

    private static void next(List<EdgeRef> out, String from, List<Edge> edges) {
        edges.stream().filter(e -> e.to() != null && !e.to().isEmpty())
                .forEach(e -> out.add(new EdgeRef(from, Port.NEXT, e.to(), e.when())));
    }

    private static void add(List<EdgeRef> out, String from, Port port, String to) {
        if (to != null && !to.isEmpty()) {
            out.add(new EdgeRef(from, port, to));
        }
    }
}
