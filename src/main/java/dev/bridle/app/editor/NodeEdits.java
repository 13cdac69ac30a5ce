package dev.bridle.app.editor;

import dev.bridle.policy.Edge;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.Position;
import dev.bridle.policy.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The edits of the workflow graph: adding, deleting, moving, connecting, disconnecting and changing nodes. Each
 * returns an {@link Edit} for the document's history; cascades (a deleted node takes its edges and its position with
 * it, a renamed node's references follow it) are one compound edit, so one undo restores everything.
 */
public final class NodeEdits {

    private NodeEdits() {}

    /** Adds {@code node} at {@code at}; the first node of an empty workflow becomes its start. */
    public static Edit add(Node node, Position at) {
        return Edit.of("Add " + node.kind() + " node '" + node.id() + "'", h -> added(h, node, at));
    }

    private static Harness added(Harness h, Node node, Position at) {
        requireFree(h, node.id());
        Map<String, Node> nodes = Harnesses.nodes(h);
        nodes.put(node.id(), node);
        Map<String, Position> layout = Harnesses.layout(h);
        layout.put(node.id(), at);
        Harness out = Harnesses.withLayout(Harnesses.withNodes(h, nodes), layout);
        boolean startMissing = !h.workflow().nodes().containsKey(h.workflow().start());
        return startMissing ? Harnesses.withStart(out, node.id()) : out;
    }

    /**
     * Adds a new node of {@code kind} as the palette does: complete, so that the document stays valid. Its ports lead
     * to the workflow's exit (its first end node, which is added too when there is none), an agent node runs the
     * first agent (one is declared when there is none), and a parallel node comes with two branches and their join.
     */
    public static Edit addNew(String kind, String id, Position at) {
        return Edit.of("Add " + kind + " node '" + id + "'", h -> {
            requireFree(h, id);
            Harness out = h;
            String agent;
            if (kind.equals("agent") || kind.equals("parallel")) {
                if (out.agents().isEmpty()) {
                    out = HarnessEdits.addAgent(Harnesses.FIRST_AGENT).apply(out);
                }
                agent = out.agents().keySet().iterator().next();
            } else {
                agent = "";
            }
            String exit = kind.equals("end") ? null : exitOf(out, Set.of());
            // the end that is added when there is none goes after the new node, which becomes the start of an
            // empty workflow
            Position endAt = null;
            if (exit == null && !kind.equals("end")) {
                exit = NodeKinds.freshId("done", withTaken(out, id));
                int columns = kind.equals("parallel") ? 3 : 1;
                endAt = new Position(at.x() + columns * AutoLayout.COLUMN_STEP, at.y());
            }
            String to = exit;
            Position right = new Position(at.x() + AutoLayout.COLUMN_STEP, at.y());
            if (kind.equals("parallel")) {
                Set<String> taken = withTaken(out, id);
                taken.add(to);
                String a = NodeKinds.freshId(id + "-a", taken);
                taken.add(a);
                String b = NodeKinds.freshId(id + "-b", taken);
                taken.add(b);
                String join = NodeKinds.freshId(id + "-join", taken);
                out = added(out, new Node.ParallelNode(id, List.of(a, b), join), at);
                double step = AutoLayout.ROW_STEP / 2;
                out = added(out, new Node.AgentNode(a, agent, List.of(Edge.to(join)), Optional.empty()),
                        new Position(right.x(), right.y() - step));
                out = added(out, new Node.AgentNode(b, agent, List.of(Edge.to(join)), Optional.empty()),
                        new Position(right.x(), right.y() + step));
                out = added(out, new Node.JoinNode(join, List.of(Edge.to(to))),
                        new Position(at.x() + 2 * AutoLayout.COLUMN_STEP, at.y()));
            } else {
                Node node = switch (kind) {
                    case "agent" -> new Node.AgentNode(id, agent, List.of(Edge.to(to)), Optional.empty());
                    case "check" -> new Node.CheckNode(id, "true", to, to, Optional.empty());
                    case "approval" -> new Node.ApprovalNode(id, "Go on?", to, to);
                    case "checkpoint" -> new Node.CheckpointNode(id, List.of(Edge.to(to)));
                    case "join" -> new Node.JoinNode(id, List.of(Edge.to(to)));
                    case "end" -> new Node.EndNode(id, Outcome.COMPLETED);
                    default -> throw new IllegalArgumentException("no node kind '" + kind + "'; the kinds are "
                            + Node.KINDS);
                };
                out = added(out, node, at);
            }
            return endAt == null ? out : added(out, new Node.EndNode(to, Outcome.COMPLETED), endAt);
        });
    }

    /**
     * Where a port goes when what it led to is gone: the first end node that completes the run, else the first end
     * node, leaving out {@code gone}; {@code null} when there is none.
     */
    static String exitOf(Harness h, Set<String> gone) {
        String any = null;
        for (Node n : h.workflow().nodes().values()) {
            if (n instanceof Node.EndNode e && !gone.contains(e.id())) {
                if (e.outcome() == Outcome.COMPLETED) {
                    return e.id();
                }
                any = any == null ? e.id() : any;
            }
        }
        return any;
    }

    private static Set<String> withTaken(Harness h, String id) {
        Set<String> taken = new LinkedHashSet<>(h.workflow().nodes().keySet());
        taken.add(id);
        return taken;
    }

    /**
     * Adds copies of {@code nodes} (as copied earlier) under fresh ids, shifted by {@code (dx, dy)}: edges between
     * the copies lead between the copies, edges to other nodes of this document are kept, and an edge to a node this
     * document does not have leads to the workflow's exit instead, so that every port stays connected.
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
            String exit = exitOf(h, Set.of());
            UnaryOperator<String> target = t -> renamed.containsKey(t) ? renamed.get(t)
                    : h.workflow().nodes().containsKey(t) ? t : exit;
            for (Node n : nodes) {
                String id = renamed.get(n.id());
                all.put(id, NodeKinds.withId(NodeKinds.retargeted(n, target), id));
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
     * Deletes the nodes {@code ids} with their layout entries, as one step. The edges into them from the nodes that
     * stay are led past them, to where the deleted nodes led (the first successor that stays), or to the workflow's
     * exit when they led nowhere else; so every port stays connected. When the start goes, the start moves the same
     * way. Deleting the last end node is refused: a workflow needs one.
     */
    public static Edit delete(Collection<String> ids) {
        Set<String> gone = new LinkedHashSet<>(ids);
        List<Edit> parts = new ArrayList<>();
        parts.add(Edit.of("Lead the edges into " + quoted(gone) + " past them", h -> {
            Map<String, Node> nodes = new LinkedHashMap<>();
            UnaryOperator<String> past = t -> gone.contains(t) ? bypass(h, t, gone) : t;
            h.workflow().nodes().forEach((id, n) -> nodes.put(id, gone.contains(id) ? n
                    : deduplicated(NodeKinds.retargeted(n, past))));
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
                String next = bypass(h, start, gone);
                start = next != null ? next : nodes.isEmpty() ? "" : nodes.keySet().iterator().next();
            }
            return Harnesses.withWorkflow(h, new Workflow(start, nodes));
        }));
        String name = gone.size() == 1 ? "Delete node '" + gone.iterator().next() + "'"
                : "Delete " + count(gone.size(), "node");
        return Edit.compound(name, parts);
    }

    /** Where an edge into the deleted node {@code id} goes instead: its first successor that stays, else the exit. */
    private static String bypass(Harness h, String id, Set<String> gone) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String at = todo.removeFirst();
            Node n = h.workflow().nodes().get(at);
            if (n == null || !seen.add(at)) {
                continue;
            }
            // a parallel node is passed by way of its join, as its branches all meet there
            List<String> after = n instanceof Node.ParallelNode p ? List.of(p.join()) : n.successors();
            for (String s : after) {
                if (!gone.contains(s) && h.workflow().nodes().containsKey(s)) {
                    return s;
                }
                todo.addLast(s);
            }
        }
        String exit = exitOf(h, gone);
        if (exit == null) {
            throw new IllegalArgumentException("a workflow needs an end node: add another before deleting "
                    + quoted(gone));
        }
        return exit;
    }

    /** The node with a list port that names a target twice (two edges led past a deleted node) naming it once. */
    private static Node deduplicated(Node n) {
        return switch (n) {
            case Node.AgentNode a -> new Node.AgentNode(a.id(), a.agent(), firstEdges(a.next()), a.onError());
            case Node.CheckpointNode c -> new Node.CheckpointNode(c.id(), firstEdges(c.next()));
            case Node.JoinNode j -> new Node.JoinNode(j.id(), firstEdges(j.next()));
            case Node.ParallelNode p -> new Node.ParallelNode(p.id(), p.branches().stream().distinct().toList(),
                    p.join());
            default -> n;
        };
    }

    private static List<Edge> firstEdges(List<Edge> edges) {
        Map<String, Edge> first = new LinkedHashMap<>();
        edges.forEach(e -> first.putIfAbsent(e.to(), e));
        return List.copyOf(first.values());
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

    /**
     * Connects {@code from}'s {@code port} to {@code to}. A single port (then, else, join) is set; a parallel node
     * gains a branch; a next port's edge without a condition (its fallback, the one taken when no other is) moves to
     * {@code to}, since a second unconditional edge would never be taken, and its conditional edges stay.
     */
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
            Node n = require(h, ref.from());
            Node out = NodeKinds.disconnected(n, ref);
            if (!NodeKinds.connectedEnough(out)) {
                throw new IllegalArgumentException("'" + ref.from() + "' needs its " + ref.port().word()
                        + (n instanceof Node.ParallelNode && ref.port() == Port.BRANCH ? " (at least two)" : "")
                        + ": drag the port onto another node instead, or delete the node");
            }
            Map<String, Node> nodes = Harnesses.nodes(h);
            nodes.put(ref.from(), out);
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
            Harness out = Harnesses.withWorkflow(h, new Workflow(start, nodes));
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
