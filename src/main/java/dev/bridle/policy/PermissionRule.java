package dev.bridle.policy;

import java.util.List;

/**
 * One permission rule: an effect for the tool calls it matches. Every part that is given must match; an absent part
 * (an empty list, a {@code null} condition) matches anything.
 *
 * @param id the rule's name in events and explanations: its {@code id}, or {@code permissions.rules[N]}
 * @param effect allow, ask or deny
 * @param tool a glob over tool names: {@code fs.*}, {@code shell}
 * @param agents the agents the rule applies to; empty means every agent
 * @param paths globs over file paths, relative to the run's workspace folder
 * @param hosts globs over host names, for the HTTP tool
 * @param when a CEL condition over the call's arguments, or {@code null}
 */
public record PermissionRule(
        String id, Effect effect, String tool, List<String> agents, List<String> paths, List<String> hosts,
        String when) {
    public PermissionRule {
        agents = List.copyOf(agents);
        paths = List.copyOf(paths);
        hosts = List.copyOf(hosts);
    }
}
