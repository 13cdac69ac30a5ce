package dev.bridle.app.editor;

import dev.bridle.policy.Durations;
import dev.bridle.policy.Edge;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The inspector's form for one workflow node: its id, whether it is the start, and the fields of its kind. */
public final class NodeForm implements Form {

    static final String HARNESS_DEFAULT = "harness default";

    private final Supplier<Harness> harness;
    private final String id;

    public NodeForm(Supplier<Harness> harness, String id) {
        this.harness = harness;
        this.id = id;
    }

    private Optional<Node> node() {
        Harness h = harness.get();
        return h == null ? Optional.empty() : h.workflow().node(id);
    }

    @Override
    public String title() {
        return node().map(n -> n.kind() + " node '" + id + "'").orElse("no node");
    }

    @Override
    public List<Field> fields() {
        Harness h = harness.get();
        Node n = node().orElse(null);
        if (n == null) {
            return List.of();
        }
        List<String> targets = new ArrayList<>(List.of(""));
        targets.addAll(h.workflow().nodes().keySet());
        List<Field> f = new ArrayList<>();
        f.add(Field.text("id", "the node's key under workflow.nodes; edges into it follow a rename"));
        f.add(Field.choice("start", List.of("yes", "no"), "whether a run starts here"));
        switch (n) {
            case Node.AgentNode a -> {
                f.add(Field.choice("agent", List.copyOf(h.agents().keySet()), "the agent that takes this turn"));
                f.add(Field.list("next", "where the turn hands over, in order"));
            }
            case Node.CheckNode c -> {
                f.add(Field.cel("condition", "a CEL condition over the run state"));
                f.add(Field.choice("then", targets, "where a run goes when the condition holds"));
                f.add(Field.choice("else", targets, "where a run goes when it does not"));
            }
            case Node.ApprovalNode a -> {
                f.add(Field.text("prompt", "what the human is asked"));
                f.add(Field.choice("then", targets, "where an approval goes"));
                f.add(Field.choice("else", targets, "where a rejection goes"));
            }
            case Node.CheckpointNode c -> f.add(Field.list("next", "where the run goes after saving"));
            case Node.ParallelNode p -> {
                f.add(Field.list("branches", "the nodes that start together"));
                f.add(Field.choice("join", targets, "the join node where the branches meet"));
            }
            case Node.JoinNode j -> f.add(Field.list("next", "where the run goes once every branch arrived"));
            case Node.EndNode e -> f.add(Field.choice("outcome",
                    Arrays.stream(Outcome.values()).map(Outcome::word).toList(), "how a run that ends here ends"));
        }
        if (n instanceof Node.AgentNode || n instanceof Node.CheckNode) {
            f.add(Field.choice("on error", List.of(HARNESS_DEFAULT, "stop", "rollback", "escalate"),
                    "what a failure here does once retries are spent"));
            f.add(Field.number("retries", "how often a failing step is tried again"));
            f.add(Field.text("backoff", "the wait before the first retry, doubling each time (500ms, 1s, …)"));
        }
        return f;
    }

    @Override
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        Node n = node().orElse(null);
        if (n == null) {
            return v;
        }
        v.put("id", id);
        v.put("start", id.equals(harness.get().workflow().start()) ? "yes" : "no");
        Optional<ErrorPolicy> onError = Optional.empty();
        switch (n) {
            case Node.AgentNode a -> {
                v.put("agent", a.agent());
                v.put("next", joined(a.next()));
                onError = a.onError();
            }
            case Node.CheckNode c -> {
                v.put("condition", c.condition());
                v.put("then", c.then());
                v.put("else", c.otherwise());
                onError = c.onError();
            }
            case Node.ApprovalNode a -> {
                v.put("prompt", a.prompt());
                v.put("then", a.then());
                v.put("else", a.otherwise());
            }
            case Node.CheckpointNode c -> v.put("next", joined(c.next()));
            case Node.ParallelNode p -> {
                v.put("branches", String.join(", ", p.branches()));
                v.put("join", p.join());
            }
            case Node.JoinNode j -> v.put("next", joined(j.next()));
            case Node.EndNode e -> v.put("outcome", e.outcome().word());
        }
        if (n instanceof Node.AgentNode || n instanceof Node.CheckNode) {
            v.put("on error", onError.map(e -> e.then().word()).orElse(HARNESS_DEFAULT));
            v.put("retries", String.valueOf(onError.map(ErrorPolicy::retry).orElse(0)));
            v.put("backoff", Durations.format(onError.map(ErrorPolicy::backoff).orElse(Duration.ZERO)));
        }
        return v;
    }

    private static String joined(List<Edge> edges) {
        return String.join(", ", edges.stream().map(Edge::to).toList());
    }

    @Override
    public Edit edit(String key, String value) {
        Node n = node().orElseThrow(() -> new IllegalArgumentException("the node is gone"));
        String v = value == null ? "" : value.strip();
        return switch (key) {
            case "id" -> NodeEdits.rename(id, v);
            case "start" -> v.equals("yes") ? NodeEdits.setStart(id) : Edit.of("Keep the start", h -> h);
            case "on error", "retries", "backoff" -> NodeEdits.change(withErrorPolicy(n, key, v), key);
            default -> NodeEdits.change(changed(n, key, v), key);
        };
    }

    private Node changed(Node n, String key, String v) {
        return switch (n) {
            case Node.AgentNode a when key.equals("agent") -> new Node.AgentNode(id, v, a.next(), a.onError());
            case Node.AgentNode a when key.equals("next") -> new Node.AgentNode(id, a.agent(), edges(a.next(), v),
                    a.onError());
            case Node.CheckNode c when key.equals("condition") ->
                    new Node.CheckNode(id, v, c.then(), c.otherwise(), c.onError());
            case Node.CheckNode c when key.equals("then") ->
                    new Node.CheckNode(id, c.condition(), v, c.otherwise(), c.onError());
            case Node.CheckNode c when key.equals("else") ->
                    new Node.CheckNode(id, c.condition(), c.then(), v, c.onError());
            case Node.ApprovalNode a when key.equals("prompt") -> new Node.ApprovalNode(id, v, a.then(), a.otherwise());
            case Node.ApprovalNode a when key.equals("then") -> new Node.ApprovalNode(id, a.prompt(), v, a.otherwise());
            case Node.ApprovalNode a when key.equals("else") -> new Node.ApprovalNode(id, a.prompt(), a.then(), v);
            case Node.CheckpointNode c when key.equals("next") -> new Node.CheckpointNode(id, edges(c.next(), v));
            case Node.JoinNode j when key.equals("next") -> new Node.JoinNode(id, edges(j.next(), v));
            case Node.ParallelNode p when key.equals("branches") -> new Node.ParallelNode(id, Form.split(v), p.join());
            case Node.ParallelNode p when key.equals("join") -> new Node.ParallelNode(id, p.branches(), v);
            case Node.EndNode e when key.equals("outcome") -> new Node.EndNode(id, Outcome.ofWord(v)
                    .orElseThrow(() -> new IllegalArgumentException("an outcome is completed, stopped, failed or "
                            + "interrupted")));
            default -> throw new IllegalArgumentException("a " + n.kind() + " node has no field '" + key + "'");
        };
    }

    /** The new list of next edges: the named targets, keeping the condition of an edge that stays. */
    private static List<Edge> edges(List<Edge> old, String text) {
        List<Edge> out = new ArrayList<>();
        for (String to : Form.split(text)) {
            out.add(old.stream().filter(e -> e.to().equals(to)).findFirst().orElse(Edge.to(to)));
        }
        return out;
    }

    private Node withErrorPolicy(Node n, String key, String v) {
        Optional<ErrorPolicy> now = switch (n) {
            case Node.AgentNode a -> a.onError();
            case Node.CheckNode c -> c.onError();
            default -> Optional.empty();
        };
        ErrorPolicy base = now.orElse(ErrorPolicy.DEFAULT);
        Optional<ErrorPolicy> next = switch (key) {
            case "on error" -> v.equals(HARNESS_DEFAULT) ? Optional.empty()
                    : Optional.of(new ErrorPolicy(base.retry(), base.backoff(),
                            ErrorPolicy.Action.valueOf(v.toUpperCase(Locale.ROOT))));
            case "retries" -> Optional.of(new ErrorPolicy(Form.number("retries", v), base.backoff(), base.then()));
            default -> Optional.of(new ErrorPolicy(base.retry(), Form.duration("backoff", v), base.then()));
        };
        return switch (n) {
            case Node.AgentNode a -> new Node.AgentNode(id, a.agent(), a.next(), next);
            case Node.CheckNode c -> new Node.CheckNode(id, c.condition(), c.then(), c.otherwise(), next);
            default -> n;
        };
    }
}
