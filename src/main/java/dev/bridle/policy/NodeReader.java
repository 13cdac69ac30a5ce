package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one workflow node; the node's kind is told by which of its kind keys it has. */
final class NodeReader {

    /** The kind keys, and for each the other keys that kind takes. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "agent", Set.of("next", "onError"),
            "check", Set.of("then", "else", "onError"),
            "approval", Set.of("then", "else"),
            "checkpoint", Set.of("next"),
            "parallel", Set.of("join"),
            "join", Set.of("next"),
            "end", Set.of());

    private NodeReader() {}

    static Optional<Node> node(TreeReader r, String id, JsonNode n, String p) {
        // A parallel node names its join node under `join`, so `parallel` decides the kind first.
        List<String> kinds = n.has("parallel")
                ? List.of("parallel")
                : HarnessReader.kindsOf(n, FIELDS.keySet());
        if (kinds.size() != 1) {
            r.error(p, "node '" + id + "' must have exactly one of " + Node.KINDS
                    + (kinds.isEmpty() ? "" : ", not " + kinds));
            return Optional.empty();
        }
        String kind = kinds.getFirst();
        Set<String> allowed = new LinkedHashSet<>(FIELDS.get(kind));
        allowed.add(kind);
        for (String key : r.entries(n).keySet()) {
            if (!allowed.contains(key)) {
                r.error(TreeReader.child(p, key), "a " + kind + " node does not take '" + key + "'; it takes "
                        + TreeReader.sorted(allowed));
            }
        }
        for (String key : FIELDS.get(kind)) {
            if (!key.equals("onError") && !n.has(key)) {
                r.error(p, kind + " node '" + id + "' needs '" + key + "'");
            }
        }
        if (r.hasErrors()) {
            return Optional.empty();
        }
        Optional<ErrorPolicy> onError = SectionReader.errorPolicy(n.path("onError"));
        return Optional.of(switch (kind) {
            case "agent" -> new Node.AgentNode(id, n.get("agent").asText(), edges(n.get("next")), onError);
            case "check" -> new Node.CheckNode(id, n.get("check").asText(), n.get("then").asText(),
                    n.get("else").asText(), onError);
            case "approval" -> new Node.ApprovalNode(id, n.get("approval").asText(), n.get("then").asText(),
                    n.get("else").asText());
            case "checkpoint" -> new Node.CheckpointNode(id, edges(n.get("next")));
            case "parallel" -> new Node.ParallelNode(id, HarnessReader.texts(n.get("parallel")),
                    n.get("join").asText());
            case "join" -> new Node.JoinNode(id, edges(n.get("next")));
            case "end" -> new Node.EndNode(id, Outcome.ofWord(n.get("end").asText()).orElseThrow());
            default -> throw new IllegalStateException(kind);
        });
    }

    static List<Edge> edges(JsonNode next) {
        if (next.isTextual()) {
            return List.of(Edge.to(next.asText()));
        }
        List<Edge> out = new ArrayList<>();
        next.forEach(e -> out.add(new Edge(e.get("to").asText(), e.has("when") ? e.get("when").asText() : null)));
        return out;
    }
}
