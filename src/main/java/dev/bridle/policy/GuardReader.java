package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code guards} list; each guard has an {@code id} and exactly one kind key. */
final class GuardReader {

    static final Set<String> KINDS = Set.of(
            "steps", "turns", "deadline", "tokens", "cost", "loop", "noProgress", "stall", "complete", "when");

    private GuardReader() {}

    static List<GuardSpec> guards(TreeReader r, JsonNode guards) {
        List<GuardSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < guards.size(); i++) {
            String p = TreeReader.child("/guards", i);
            JsonNode g = guards.get(i);
            String id = g.get("id").asText();
            if (!ids.add(id)) {
                r.error(TreeReader.child(p, "id"), "guard id '" + id + "' is used twice; every guard needs its own id");
            }
            List<String> kinds = HarnessReader.kindsOf(g, KINDS);
            if (kinds.size() != 1) {
                r.error(p, "guard '" + id + "' must have exactly one kind of " + TreeReader.sorted(KINDS)
                        + (kinds.isEmpty() ? "" : ", not " + kinds));
                continue;
            }
            String kind = kinds.getFirst();
            if (g.has("then") != kind.equals("when")) {
                r.error(p, kind.equals("when")
                        ? "guard '" + id + "' needs 'then' (warn, deny, ask or stop) with its 'when'"
                        : "guard '" + id + "': 'then' goes only with 'when'; use 'stages' for a " + kind + " guard");
                continue;
            }
            Optional<String> agent = Optional.ofNullable(g.get("agent")).map(JsonNode::asText);
            List<GuardSpec.Stage> stages = stages(g, kind);
            JsonNode b = g.get(kind);
            out.add(switch (kind) {
                case "steps" -> new GuardSpec.Steps(id, b.get("max").asInt(), agent, stages);
                case "turns" -> new GuardSpec.Turns(id, b.get("max").asInt(), agent, stages);
                case "deadline" -> new GuardSpec.Deadline(id, Durations.parse(b.asText()).orElseThrow(), agent,
                        stages);
                case "tokens" -> new GuardSpec.Tokens(id, b.path("context").asInt(0), b.path("total").asLong(0),
                        agent, stages);
                case "cost" -> new GuardSpec.Cost(id, b.get("max").asDouble(), b.path("inputPerMillion").asDouble(0),
                        b.path("outputPerMillion").asDouble(0), agent, stages);
                case "loop" -> new GuardSpec.Loop(id, b.get("window").asInt(), b.get("repeats").asInt(),
                        b.path("period").asInt(1), b.path("cycles").asInt(b.get("repeats").asInt()), agent, stages);
                case "noProgress" -> new GuardSpec.NoProgress(id, b.get("steps").asInt(), agent, stages);
                case "stall" -> new GuardSpec.Stall(id, b.get("after").asInt(),
                        b.path("nudge").asText("You have not acted. Take the next step with a tool, or answer."),
                        agent, stages);
                case "complete" -> new GuardSpec.Complete(id, b.asText(), agent, stages);
                case "when" -> new GuardSpec.Custom(id, b.asText(), agent, stages);
                default -> throw new IllegalStateException(kind);
            });
        }
        return out;
    }

    private static List<GuardSpec.Stage> stages(JsonNode g, String kind) {
        if (g.has("then")) {
            return List.of(stage(g.get("then").asText()));
        }
        if (g.has("stages")) {
            List<GuardSpec.Stage> out = new ArrayList<>();
            g.get("stages").forEach(s -> out.add(stage(s.asText())));
            return List.copyOf(out);
        }
        return kind.equals("stall") ? List.of(GuardSpec.Stage.NUDGE, GuardSpec.Stage.STOP) : GuardSpec.STOP_ONLY;
    }

    private static GuardSpec.Stage stage(String word) {
        return GuardSpec.Stage.valueOf(word.toUpperCase(Locale.ROOT));
    }
}
