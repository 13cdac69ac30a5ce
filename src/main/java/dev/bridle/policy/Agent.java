package dev.bridle.policy;

import java.util.List;

/**
 * An agent the harness controls.
 *
 * @param id the key under {@code agents}
 * @param system the system prompt
 * @param tools the tools the agent is offered
 */
public record Agent(String id, String system, List<String> tools) {
    public Agent {
        tools = List.copyOf(tools);
    }
}
