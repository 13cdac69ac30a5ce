package dev.bridle.app.editor;

import dev.bridle.policy.Edge;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edits of the workflow graph: adding, deleting, moving, connecting, disconnecting and changing nodes. Each
 * returns an {@link Edit} for the document's history; cascades (a deleted node takes its edges and its position with
 * it, a renamed node's references follow it) are one compound edit, so one undo restores everything.
 */
public final class NodeEdits {

    private NodeEdits() {}

    /** Adds {@code node} at {@code at}; the first node of an empty workflow becomes its start. */
    public static Edit add(Node node, Position at) {
        return Edit.of("Add " + node.kind() + " node '" + node.id() + "'", h -> {
            requireFree(h, node.id());
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(node.id(), node);
            Map<String, Position> layout = Harnesses.layout(h);
            layout.put(node.id(), at);
            Harness out = Harnesses.withLayout(Harnesses.withNodes(h, nodes), layout);
            boolean startMissing = !h.workflow().nodes().containsKey(h.workflow().start());
            return startMissing ? Harnesses.withStart(out, node.id()) : out;
        });
    }

    /**
     * Adds copies of {@code nodes} (as copied earlier) under fresh ids, shifted by {@code (dx, dy)}: edges between
     * the copies are kept, edges to nodes that were not copied are dropped.
     *
     * @param ids filled with the ids the copies got, in order, so that the caller can select them
     */
    public static Edit paste(List<Node> nodes, Map<String, Position> positions, double dx, double dy,
            List<String> ids) {
        return Edit.of("Paste " + count(nodes.size(), "node"), h -> {
            ids.clear();
            Set<String> taken = new LinkedHashSet<>(h.workflow().nodes().keySet());
            Map<String, String> renamed = new LinkedHashMap<>();
            for (Node n : nodes) {
                String id = NodeKinds.freshId(n.id(), taken);
                taken.add(id);
                renamed.put(n.id(), id);
            }
            Map<String, Node> all = Harnesses.nodes(h);
            Map<String, Position> layout = Harnesses.layout(h);
            for (Node n : nodes) {
                String id = renamed.get(n.id());
                all.put(id, NodeKinds.withId(NodeKinds.retargeted(n, renamed::get), id));
                Position p = positions.getOrDefault(n.id(), new Position(0, 0));
                layout.put(id, new Position(p.x() + dx, p.y() + dy));
                ids.add(id);
            }
            Harness out = Harnesses.withLayout(Harnesses.withNodes(h, all), layout);
            boolean startMissing = !h.workflow().nodes().containsKey(h.workflow().start());
            return startMissing && !ids.isEmpty() ? Harnesses.withStart(out, ids.getFirst()) : out;
        });
    }

    /**
     * Deletes the nodes {@code ids}, with every edge into them from the nodes that stay and their layout entries, as
     * one step. When the start goes, the first node that stays becomes the start.
     */
    public static Edit delete(Collection<String> ids) {
        Set<String> gone = new LinkedHashSet<>(ids);
        List<Edit> parts = new ArrayList<>();
        parts.add(Edit.of("Disconnect the edges into " + quoted(gone), h -> {
            Map<String, Node> nodes = new LinkedHashMap<>();
            h.workflow().nodes().forEach((id, n) -> nodes.put(id, gone.contains(id) ? n
                    : NodeKinds.retargeted(n, t -> gone.contains(t) ? null : t)));
            return Harnesses.withNodes(h, nodes);
        }));
        parts.add(Edit.of("Forget the positions of " + quoted(gone), h -> {
            Map<String, Position> layout = Harnesses.layout(h);
            layout.keySet().removeAll(gone);
            return Harnesses.withLayout(h, layout);
        }));
        parts.add(Edit.of("Remove " + quoted(gone), h -> {
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.keySet().removeAll(gone);
            String start = h.workflow().start();
            if (gone.contains(start)) {
                start = nodes.isEmpty() ? "" : nodes.keySet().iterator().next();
            }
            return Harnesses.withWorkflow(h, new dev.bridle.policy.Workflow(start, nodes));
        }));
        String name = gone.size() == 1 ? "Delete node '" + gone.iterator().next() + "'"
                : "Delete " + count(gone.size(), "node");
        return Edit.compound(name, parts);
    }

    /** Puts each node of {@code positions} there: one step for a whole drag, recorded when the drag ends. */
    public static Edit move(Map<String, Position> positions) {
        Map<String, Position> to = Map.copyOf(positions);
        String name = to.size() == 1 ? "Move node '" + to.keySet().iterator().next() + "'"
                : "Move " + count(to.size(), "node");
        return Edit.of(name, h -> {
            Map<String, Position> layout = Harnesses.layout(h);
            // Nodes keep their document order in the layout; new entries go last in node order.
            for (String id : h.workflow().nodes().keySet()) {
                if (to.containsKey(id)) {
                    layout.put(id, to.get(id));
                }
            }
            return Harnesses.withLayout(h, layout);
        });
    }

    /** Connects {@code from}'s {@code port} to {@code to}. */
    public static Edit connect(String from, Port port, String to) {
        return Edit.of("Connect '" + from + "' " + port.word() + " to '" + to + "'", h -> {
            Node n = require(h, from);
            require(h, to);
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(from, NodeKinds.connected(n, port, to));
            return Harnesses.withNodes(h, nodes);
        });
    }

    /** Removes the edge {@code ref}. */
    public static Edit disconnect(EdgeRef ref) {
        return Edit.of("Disconnect '" + ref.from() + "' " + ref.port().word() + " from '" + ref.to() + "'", h -> {
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(ref.from(), NodeKinds.disconnected(require(h, ref.from()), ref));
            return Harnesses.withNodes(h, nodes);
        });
    }

    /** Removes several edges as one step. */
    public static Edit disconnect(Collection<EdgeRef> refs) {
        List<Edit> parts = refs.stream().map(NodeEdits::disconnect).toList();
        return parts.size() == 1 ? parts.getFirst() : Edit.compound("Disconnect " + count(parts.size(), "edge"), parts);
    }

    /** Sets the condition of a {@code next} edge ({@code null} or blank: always taken). */
    public static Edit setCondition(EdgeRef ref, String when) {
        String condition = when == null || when.isBlank() ? null : when;
        return Edit.of("Change the condition of '" + ref.from() + "' → '" + ref.to() + "'", h -> {
            Node n = require(h, ref.from());
            List<Edge> next = switch (n) {
                case Node.AgentNode a -> a.next();
                case Node.CheckpointNode c -> c.next();
                case Node.JoinNode j -> j.next();
                default -> throw new IllegalArgumentException("only next edges have conditions");
            };
            List<Edge> changed = next.stream().map(e -> e.to().equals(ref.to()) ? new Edge(e.to(), condition) : e)
                    .toList();
            Node out = switch (n) {
                case Node.AgentNode a -> new Node.AgentNode(a.id(), a.agent(), changed, a.onError());
                case Node.CheckpointNode c -> new Node.CheckpointNode(c.id(), changed);
                case Node.JoinNode j -> new Node.JoinNode(j.id(), changed);
                default -> n;
            };
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(n.id(), out);
            return Harnesses.withNodes(h, nodes);
        });
    }

    /**
     * Replaces the node with {@code node}'s id by {@code node}: a change of its properties. {@code what} names the
     * property in the step's name.
     */
    public static Edit change(Node node, String what) {
        return Edit.of("Change " + what + " of '" + node.id() + "'", h -> {
            require(h, node.id());
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(node.id(), node);
            return Harnesses.withNodes(h, nodes);
        });
    }

    /** Renames a node; the edges into it, the start and its layout entry follow. */
    public static Edit rename(String from, String to) {
        return Edit.of("Rename node '" + from + "' to '" + to + "'", h -> {
            Node n = require(h, from);
            if (to.equals(from)) {
                return h;
            }
            requireFree(h, to);
            if (to.isBlank()) {
                throw new IllegalArgumentException("a node needs an id");
            }
            Map<String, Node> nodes = new LinkedHashMap<>();
            h.workflow().nodes().forEach((id, x) -> {
                Node r = NodeKinds.retargeted(x, t -> t.equals(from) ? to : t);
                nodes.put(id.equals(from) ? to : id, id.equals(from) ? NodeKinds.withId(r, to) : r);
            });
            String start = h.workflow().start().equals(from) ? to : h.workflow().start();
            Harness out = Harnesses.withWorkflow(h, new dev.bridle.policy.Workflow(start, nodes));
            if (h.layout().containsKey(from)) {
                out = Harnesses.withLayout(out, Harnesses.rekeyed(h.layout(), from, to, h.layout().get(from)));
            }
            return out;
        });
    }

    /** Makes {@code id} the node a run starts at. */
    public static Edit setStart(String id) {
        return Edit.of("Start at '" + id + "'", h -> {
            require(h, id);
            return Harnesses.withStart(h, id);
        });
    }

    static Node require(Harness h, String id) {
        Node n = h.workflow().nodes().get(id);
        if (n == null) {
            throw new IllegalArgumentException("there is no node '" + id + "'");
        }
        return n;
    }

    private static void requireFree(Harness h, String id) {
        if (h.workflow().nodes().containsKey(id)) {
            throw new IllegalArgumentException("there is already a node '" + id + "'");
        }
    }

    private static String quoted(Set<String> ids) {
        return ids.stream().map(i -> "'" + i + "'").reduce((a, b) -> a + ", " + b).orElse("nothing");
    }

    static String count(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
