package dev.bridle.access;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import java.util.List;
import java.util.Set;

/** A permission rule with its globs compiled once. */
record CompiledRule(
        PermissionRule rule, Glob tool, Set<String> agents, List<Glob> paths, List<Glob> hosts, boolean literalTool) {

    static CompiledRule of(PermissionRule rule) {
        return new CompiledRule(
                rule,
                Glob.name(rule.tool()),
                Set.copyOf(rule.agents()),
                rule.paths().stream().map(Glob::path).toList(),
                rule.hosts().stream().map(Glob::host).toList(),
                rule.tool().indexOf('*') < 0 && rule.tool().indexOf('?') < 0);
    }

    /**
     * Whether the tool glob matches the tool, or, for a shell call, {@code TOOL:PROGRAM} ({@code qualified}). Deny
     * and ask rules also match {@code TOOL:BASENAME} ({@code qualifiedBase}), so {@code /bin/rm} cannot dodge
     * {@code deny: shell:rm}; allow rules match the program only as written, so {@code allow: shell:git} does not
     * allow {@code ./git}. A program written with a {@code /} is matched by no glob with a wildcard: {@code shell:ls*}
     * does not match {@code ls/../x}; a rule may still name such a program literally ({@code shell:/usr/bin/git},
     * {@code shell:./gradlew}), character for character (the analysis refuses every program path with {@code ..}).
     */
    boolean matchesTool(String toolName, String qualified, String qualifiedBase) {
        if (tool.matches(toolName)) {
            return true;
        }
        if (qualified == null) {
            return false;
        }
        boolean withSlash = qualified.indexOf('/') >= 0;
        return (withSlash ? literalTool && tool.text().equals(qualified) : tool.matches(qualified))
                || (rule.effect() != Effect.ALLOW && qualifiedBase != null && tool.matches(qualifiedBase));
    }

    boolean matchesAgent(String agent) {
        return agents.isEmpty() || agents.contains(agent);
    }

    /** Whether one of the host globs names this canonical host and port without a wildcard. */
    boolean namesHostLiterally(String host) {
        for (Glob glob : hosts) {
            if (glob.isLiteralHost() && glob.matches(host)) {
                return true;
            }
        }
        return false;
    }

    static boolean any(List<Glob> globs, String value) {
        for (Glob glob : globs) {
            if (glob.matches(value)) {
                return true;
            }
        }
        return false;
    }
}
