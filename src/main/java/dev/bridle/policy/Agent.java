package dev.bridle.policy;

import java.util.List;
import java.util.Optional;

/**
 * An agent the harness controls.
 *
 * @param id the key under {@code agents}
 * @param role what the agent is for, in words (shown in the editor and to a supervisor)
 * @param system the system prompt
 * @param tools the tools the agent is offered
 * @param parent the agent this one is a subagent of; a subagent never holds more permissions than its parent
 * @param limits per-agent limits, enforced as guards named {@code agents.ID.limits.KIND}
 */
public record Agent(String id, String role, String system, List<String> tools, Optional<String> parent,
        Limits limits) {

    public Agent {
        tools = List.copyOf(tools);
    }

    public Agent(String id, String system, List<String> tools) {
        this(id, "", system, tools, Optional.empty(), Limits.NONE);
    }

    /** Per-agent limits; zero means none. */
    public record Limits(int steps, int turns, long tokens) {
        public static final Limits NONE = new Limits(0, 0, 0);
    }
}
