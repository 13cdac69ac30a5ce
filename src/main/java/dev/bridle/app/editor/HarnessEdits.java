package dev.bridle.app.editor;

import dev.bridle.policy.Agent;
import dev.bridle.policy.Harness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The edits of the harness as a whole: its name and description, and its agents. */
public final class HarnessEdits {

    private HarnessEdits() {}

    /** Renames the harness. */
    public static Edit rename(String name) {
        return Edit.of("Rename the harness to '" + name + "'", h -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a harness needs a name");
            }
            return Harnesses.withName(h, name);
        });
    }

    public static Edit describe(String description) {
        return Edit.of("Change the description", h -> Harnesses.withDescription(h, description));
    }

    /** Replaces the whole harness, as an edit of the source text does; consecutive ones are one step. */
    public static Edit replaceAll(Harness next) {
        return Edit.merging("Edit the source", "source", h -> next);
    }

    /** Adds an agent with no tools. */
    public static Edit addAgent(String id) {
        return Edit.of("Add agent '" + id + "'", h -> {
            if (h.agents().containsKey(id)) {
                throw new IllegalArgumentException("there is already an agent '" + id + "'");
            }
            Map<String, Agent> agents = new LinkedHashMap<>(h.agents());
            agents.put(id, new Agent(id, "", List.of()));
            return Harnesses.withAgents(h, agents);
        });
    }

    /** Replaces the agent with {@code agent}'s id. */
    public static Edit changeAgent(Agent agent, String what) {
        return Edit.of("Change " + what + " of agent '" + agent.id() + "'", h -> {
            if (!h.agents().containsKey(agent.id())) {
                throw new IllegalArgumentException("there is no agent '" + agent.id() + "'");
            }
            Map<String, Agent> agents = new LinkedHashMap<>(h.agents());
            agents.put(agent.id(), agent);
            return Harnesses.withAgents(h, agents);
        });
    }

    /** A fresh agent id. */
    public static String freshAgentId(Harness h) {
        return NodeKinds.freshId("agent", h.agents().keySet());
    }
}
