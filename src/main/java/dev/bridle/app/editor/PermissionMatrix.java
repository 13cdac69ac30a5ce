package dev.bridle.app.editor;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.Decision;
import dev.bridle.access.PermissionCheck;
import dev.bridle.engine.PermissionGate;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.PermissionRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The permissions as a grid of agents × tools: for each cell, the rule the cell owns (if any) and what a call of that
 * tool by that agent actually gets, decided by the same {@link PermissionCheck} a run uses. A subagent's result is
 * never wider than its parent's: where the parent is stricter, the parent's result is shown and marked.
 */
public final class PermissionMatrix {

    /**
     * One cell.
     *
     * @param own the effect of the rule this cell owns, or empty when it owns none
     * @param effective what a call without path or host gets, the parent's limit applied
     * @param rule the rule that decided ({@code default} when none matched)
     * @param limitedByParent whether the parent's result is stricter than the agent's own
     * @param paths the path globs of the cell's rule
     * @param hosts the host globs of the cell's rule
     * @param explanation the check's explanation, one line per rule
     */
    public record Cell(String agent, String tool, Optional<Effect> own, Effect effective, String rule,
            boolean limitedByParent, List<String> paths, List<String> hosts, String explanation) {}

    private final Harness harness;
    private final PermissionCheck check;

    public PermissionMatrix(Harness harness) {
        this.harness = harness;
        this.check = PermissionGate.of(harness, Optional.empty()).rules();
    }

    /** The agents, in document order. */
    public List<String> agents() {
        return List.copyOf(harness.agents().keySet());
    }

    /** The tools: every tool an agent is offered, then every tool a rule names without a wildcard. */
    public List<String> tools() {
        Set<String> tools = new LinkedHashSet<>();
        harness.agents().values().forEach(a -> tools.addAll(a.tools()));
        for (PermissionRule r : harness.permissions().rules()) {
            if (!r.tool().contains("*") && !r.tool().contains("?")) {
                tools.add(r.tool());
            }
        }
        return new ArrayList<>(tools);
    }

    public Cell cell(String agent, String tool) {
        Optional<Integer> at = PermissionEdits.cellRule(harness, agent, tool);
        Optional<PermissionRule> rule = at.map(i -> harness.permissions().rules().get(i));
        Decision own = check.check(AccessRequest.of(agent, tool));
        Decision effective = own;
        boolean limited = false;
        Set<String> seen = new HashSet<>(Set.of(agent));
        Agent a = harness.agents().get(agent);
        while (a != null && a.parent().isPresent() && seen.add(a.parent().get())) {
            Decision parent = check.check(AccessRequest.of(a.parent().get(), tool));
            if (strength(parent.effect()) > strength(effective.effect())) {
                effective = parent;
                limited = true;
            }
            a = harness.agents().get(a.parent().get());
        }
        return new Cell(agent, tool, rule.map(PermissionRule::effect), effective.effect(), effective.rule(), limited,
                rule.map(PermissionRule::paths).orElse(List.of()), rule.map(PermissionRule::hosts).orElse(List.of()),
                check.explain(AccessRequest.of(agent, tool)).render());
    }

    /** How strict an effect is: allow, ask, deny. */
    private static int strength(Effect e) {
        return switch (e) {
            case ALLOW -> 0;
            case ASK -> 1;
            case DENY -> 2;
        };
    }
}
