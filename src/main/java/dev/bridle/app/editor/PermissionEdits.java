package dev.bridle.app.editor;

import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edits of the permissions: the default effect and the rules. The permission matrix owns, for each agent and
 * tool, the rule that names exactly that tool for exactly that agent; {@link #setCell} creates, changes or removes it.
 */
public final class PermissionEdits {

    private PermissionEdits() {}

    /** Appends {@code rule}. */
    public static Edit add(PermissionRule rule) {
        return Edit.of("Add permission rule '" + rule.id() + "'", h -> {
            List<PermissionRule> rules = new ArrayList<>(h.permissions().rules());
            rules.add(rule);
            return with(h, rules);
        });
    }

    /** Replaces the rule at {@code index}. */
    public static Edit replace(int index, PermissionRule rule) {
        return Edit.of("Change permission rule '" + rule.id() + "'", h -> {
            List<PermissionRule> rules = new ArrayList<>(h.permissions().rules());
            rules.set(index, rule);
            return with(h, rules);
        });
    }

    /** Removes the rule at {@code index}. */
    public static Edit remove(int index) {
        return Edit.of("Remove a permission rule", h -> {
            List<PermissionRule> rules = new ArrayList<>(h.permissions().rules());
            rules.remove(index);
            return with(h, rules);
        });
    }

    /** Sets what happens to a call no rule matches. */
    public static Edit setDefault(Effect effect) {
        return Edit.of("Permissions default " + effect.word(), h -> Harnesses.withPermissions(h,
                new Permissions(effect, h.permissions().rules())));
    }

    /** The index of the rule the matrix cell ({@code agent}, {@code tool}) owns, if there is one. */
    public static Optional<Integer> cellRule(Harness h, String agent, String tool) {
        List<PermissionRule> rules = h.permissions().rules();
        for (int i = 0; i < rules.size(); i++) {
            PermissionRule r = rules.get(i);
            if (r.tool().equals(tool) && r.agents().equals(List.of(agent)) && r.when() == null) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Sets the matrix cell ({@code agent}, {@code tool}): {@code effect} on the cell's rule (created as
     * {@code AGENT-TOOL} when missing, its paths and hosts kept when present), or no rule when {@code effect} is
     * empty.
     */
    public static Edit setCell(String agent, String tool, Optional<Effect> effect) {
        String name = effect.map(e -> e.word() + " " + tool + " for '" + agent + "'")
                .orElse("Clear " + tool + " for '" + agent + "'");
        return Edit.of(capitalised(name), h -> {
            Optional<Integer> at = cellRule(h, agent, tool);
            List<PermissionRule> rules = new ArrayList<>(h.permissions().rules());
            if (effect.isEmpty()) {
                at.ifPresent(i -> rules.remove((int) i));
            } else if (at.isPresent()) {
                PermissionRule r = rules.get(at.get());
                rules.set(at.get(), new PermissionRule(r.id(), effect.get(), r.tool(), r.agents(), r.paths(),
                        r.hosts(), r.when()));
            } else {
                String id = NodeKinds.freshId(agent + "-" + tool.replace('.', '-'),
                        rules.stream().map(PermissionRule::id).toList());
                rules.add(new PermissionRule(id, effect.get(), tool, List.of(agent), List.of(), List.of(), null));
            }
            return with(h, rules);
        });
    }

    /** Sets the path and host globs of the cell's rule; does nothing when the cell has no rule. */
    public static Edit setCellScope(String agent, String tool, List<String> paths, List<String> hosts) {
        return Edit.of("Change the paths and hosts of " + tool + " for '" + agent + "'", h -> {
            Optional<Integer> at = cellRule(h, agent, tool);
            if (at.isEmpty()) {
                return h;
            }
            List<PermissionRule> rules = new ArrayList<>(h.permissions().rules());
            PermissionRule r = rules.get(at.get());
            rules.set(at.get(), new PermissionRule(r.id(), r.effect(), r.tool(), r.agents(), paths, hosts, r.when()));
            return with(h, rules);
        });
    }

    private static Harness with(Harness h, List<PermissionRule> rules) {
        return Harnesses.withPermissions(h, new Permissions(h.permissions().defaultEffect(), rules));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
