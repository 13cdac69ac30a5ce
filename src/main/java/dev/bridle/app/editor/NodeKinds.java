package dev.bridle.app.editor;

import dev.bridle.policy.Edge;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The seven kinds of workflow node as the palette offers them: a new node of each kind, with nothing connected yet,
 * and the ways an edit rewrites the ids a node points at.
 */
public final class NodeKinds {

    private NodeKinds() {}

    /** A new node of {@code kind} ({@link Node#KINDS}); its ports are unconnected ({@code ""}). */
    public static Node create(String kind, String id, Harness h) {
        String agent = h.agents().isEmpty() ? "" : h.agents().keySet().iterator().next();
        return switch (kind) {
            case "agent" -> new Node.AgentNode(id, agent, List.of(), Optional.empty());
            case "check" -> new Node.CheckNode(id, "true", "", "", Optional.empty());
            case "approval" -> new Node.ApprovalNode(id, "Go on?", "", "");
            case "checkpoint" -> new Node.CheckpointNode(id, List.of());
            case "parallel" -> new Node.ParallelNode(id, List.of(), "");
            case "join" -> new Node.JoinNode(id, List.of());
            case "end" -> new Node.EndNode(id, Outcome.COMPLETED);
            default -> throw new IllegalArgumentException("no node kind '" + kind + "'; the kinds are " + Node.KINDS);
        };
    }

    /** An id not yet taken: {@code stem}, else {@code stem-2}, {@code stem-3}, … */
    public static String freshId(String stem, Harness h) {
        return freshId(stem, h.workflow().nodes().keySet());
    }

    static String freshId(String stem, java.util.Collection<String> taken) {
        if (!taken.contains(stem)) {
            return stem;
        }
        String base = stem.replaceFirst("-\\d+$", "");
        for (int i = 2; ; i++) {
            String id = base + "-" + i;
            if (!taken.contains(id)) {
                return id;
            }
        }
    }

    /** The same node under another id. */
    public static Node withId(Node n, String id) {
        return switch (n) {
            case Node.AgentNode a -> new Node.AgentNode(id, a.agent(), a.next(), a.onError());
            case Node.CheckNode c -> new Node.CheckNode(id, c.condition(), c.then(), c.otherwise(), c.onError());
            case Node.ApprovalNode a -> new Node.ApprovalNode(id, a.prompt(), a.then(), a.otherwise());
            case Node.CheckpointNode c -> new Node.CheckpointNode(id, c.next());
            case Node.ParallelNode p -> new Node.ParallelNode(id, p.branches(), p.join());
            case Node.JoinNode j -> new Node.JoinNode(id, j.next());
            case Node.EndNode e -> new Node.EndNode(id, e.outcome());
        };
    }

    /**
     * The same node with every target rewritten by {@code target}; a target rewritten to {@code null} is removed from
     * a list port and left unconnected ({@code ""}) on a single port.
     */
    public static Node retargeted(Node n, UnaryOperator<String> target) {
        UnaryOperator<String> one = t -> {
            String r = t == null || t.isEmpty() ? t : target.apply(t);
            return r == null ? "" : r;
        };
        return switch (n) {
            case Node.AgentNode a -> new Node.AgentNode(a.id(), a.agent(), edges(a.next(), target), a.onError());
            case Node.CheckNode c ->
                    new Node.CheckNode(c.id(), c.condition(), one.apply(c.then()), one.apply(c.otherwise()),
                            c.onError());
            case Node.ApprovalNode a ->
                    new Node.ApprovalNode(a.id(), a.prompt(), one.apply(a.then()), one.apply(a.otherwise()));
            case Node.CheckpointNode c -> new Node.CheckpointNode(c.id(), edges(c.next(), target));
            case Node.ParallelNode p -> {
                List<String> branches = new ArrayList<>();
                for (String b : p.branches()) {
                    String r = target.apply(b);
                    if (r != null) {
                        branches.add(r);
                    }
                }
                yield new Node.ParallelNode(p.id(), branches, one.apply(p.join()));
            }
            case Node.JoinNode j -> new Node.JoinNode(j.id(), edges(j.next(), target));
            case Node.EndNode e -> e;
        };
    }

    private static List<Edge> edges(List<Edge> edges, UnaryOperator<String> target) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            String r = target.apply(e.to());
            if (r != null) {
                out.add(new Edge(r, e.when()));
            }
        }
        return out;
    }

    /** The same node with {@code to} connected at {@code port}: appended to a list port, set on a single one. */
    public static Node connected(Node n, Port port, String to) {
        return switch (n) {
            case Node.AgentNode a when port == Port.NEXT ->
                    new Node.AgentNode(a.id(), a.agent(), fallback(a.next(), to), a.onError());
            case Node.CheckpointNode c when port == Port.NEXT -> new Node.CheckpointNode(c.id(), fallback(c.next(), to));
            case Node.JoinNode j when port == Port.NEXT -> new Node.JoinNode(j.id(), fallback(j.next(), to));
            case Node.CheckNode c when port == Port.THEN ->
                    new Node.CheckNode(c.id(), c.condition(), to, c.otherwise(), c.onError());
            case Node.CheckNode c when port == Port.ELSE ->
                    new Node.CheckNode(c.id(), c.condition(), c.then(), to, c.onError());
            case Node.ApprovalNode a when port == Port.THEN -> new Node.ApprovalNode(a.id(), a.prompt(), to, a.otherwise());
            case Node.ApprovalNode a when port == Port.ELSE -> new Node.ApprovalNode(a.id(), a.prompt(), a.then(), to);
            case Node.ParallelNode p when port == Port.BRANCH -> {
                List<String> b = new ArrayList<>(p.branches());
                if (!b.contains(to)) {
                    b.add(to);
                }
                yield new Node.ParallelNode(p.id(), b, p.join());
            }
            case Node.ParallelNode p when port == Port.JOIN -> new Node.ParallelNode(p.id(), p.branches(), to);
            default -> throw new IllegalArgumentException("a " + n.kind() + " node has no '" + port.word() + "' port");
        };
    }

    /** The edges with {@code to} as the fallback: the conditional edges stay first, then one unconditional edge. */
    private static List<Edge> fallback(List<Edge> edges, String to) {
        if (edges.stream().anyMatch(e -> e.to().equals(to))) {
            return edges;
        }
        List<Edge> out = new ArrayList<>(edges.stream().filter(e -> e.when() != null).toList());
        out.add(Edge.to(to));
        return out;
    }

    /**
     * Whether every port of {@code n} leads somewhere, as a valid document needs: a next port to at least one node,
     * then and else to a node, a parallel node to two branches and its join.
     */
    public static boolean connectedEnough(Node n) {
        return switch (n) {
            case Node.AgentNode a -> !a.next().isEmpty();
            case Node.CheckNode c -> !c.then().isEmpty() && !c.otherwise().isEmpty();
            case Node.ApprovalNode a -> !a.then().isEmpty() && !a.otherwise().isEmpty();
            case Node.CheckpointNode c -> !c.next().isEmpty();
            case Node.ParallelNode p -> p.branches().size() >= 2 && !p.join().isEmpty();
            case Node.JoinNode j -> !j.next().isEmpty();
            case Node.EndNode e -> true;
        };
    }

    /** The same node without the edge {@code ref} (a single port becomes unconnected). */
    public static Node disconnected(Node n, EdgeRef ref) {
        return switch (n) {
            case Node.CheckNode c when ref.port() == Port.THEN ->
                    new Node.CheckNode(c.id(), c.condition(), "", c.otherwise(), c.onError());
            case Node.CheckNode c when ref.port() == Port.ELSE ->
                    new Node.CheckNode(c.id(), c.condition(), c.then(), "", c.onError());
            case Node.ApprovalNode a when ref.port() == Port.THEN -> new Node.ApprovalNode(a.id(), a.prompt(), "", a.otherwise());
            case Node.ApprovalNode a when ref.port() == Port.ELSE -> new Node.ApprovalNode(a.id(), a.prompt(), a.then(), "");
            case Node.ParallelNode p when ref.port() == Port.JOIN -> new Node.ParallelNode(p.id(), p.branches(), "");
            case Node.ParallelNode p -> new Node.ParallelNode(p.id(),
                    p.branches().stream().filter(b -> !b.equals(ref.to())).toList(), p.join());
            default -> retargeted(n, t -> t.equals(ref.to()) ? null : t);
        };
    }
}
