package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one workflow node; the node's kind is told by which of its kind keys it has. */
final class NodeReader {

    private static final Set<String> KIND_KEYS = Set.of("agent", "end");

    private NodeReader() {}

    static Optional<Node> node(TreeReader r, String id, JsonNode n, String p, Map<String, Agent> agents) {
        List<String> kinds = HarnessReader.kindsOf(n, KIND_KEYS);
        if (kinds.size() != 1) {
            r.error(p, "node '" + id + "' must have exactly one of " + TreeReader.sorted(KIND_KEYS)
                    + (kinds.isEmpty() ? "" : ", not " + kinds));
            return Optional.empty();
        }
        return switch (kinds.getFirst()) {
            case "agent" -> agentNode(r, id, n, p, agents);
            case "end" -> endNode(r, id, n, p);
            default -> throw new IllegalStateException(kinds.getFirst());
        };
    }

    private static Optional<Node> agentNode(TreeReader r, String id, JsonNode n, String p, Map<String, Agent> agents) {
        r.onlyKeys(n, p, Set.of("agent", "next"));
        Optional<String> agent = r.text(n, p, "agent", true);
        Optional<String> next = r.text(n, p, "next", true);
        agent.filter(a -> !agents.containsKey(a)).ifPresent(a -> r.error(TreeReader.child(p, "agent"),
                "node '" + id + "' names agent '" + a + "', which is not declared under agents; agents are "
                        + TreeReader.sorted(agents.keySet())));
        if (agent.isEmpty() || next.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Node.AgentNode(id, agent.get(), next.get()));
    }

    private static Optional<Node> endNode(TreeReader r, String id, JsonNode n, String p) {
        r.onlyKeys(n, p, Set.of("end"));
        Optional<String> word = r.text(n, p, "end", true);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        Optional<Outcome> outcome = Outcome.ofWord(word.get()).filter(o -> o != Outcome.INTERRUPTED);
        if (outcome.isEmpty()) {
            r.error(TreeReader.child(p, "end"), "end must be one of [completed, failed, stopped], not '"
                    + word.get() + "'");
            return Optional.empty();
        }
        return Optional.of(new Node.EndNode(id, outcome.get()));
    }
}
