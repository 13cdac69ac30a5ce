package dev.bridle.app.editor;

import dev.bridle.policy.Problem;

/**
 * What a problem is about, read from its JSON pointer, so that clicking it in the problems list can select the
 * element: a node ({@code /workflow/nodes/ID/…} or {@code /layout/ID}), a guard ({@code /guards/N}), a permission
 * rule ({@code /permissions/rules/N}), an agent ({@code /agents/ID}), or else just a place in the source.
 *
 * @param section what kind of element
 * @param key the node or agent id, or the guard or rule index as text; {@code ""} for {@link Section#SOURCE}
 * @param line the 1-based line in the source
 * @param column the 1-based column in the source
 */
public record ProblemTarget(Section section, String key, int line, int column) {

    /** The kinds of element a problem can point at. */
    public enum Section {
        NODE,
        GUARD,
        RULE,
        AGENT,
        SOURCE
    }

    public static ProblemTarget of(Problem p) {
        String[] parts = p.pointer().split("/", -1);
        int line = p.location().line();
        int column = p.location().column();
        if (parts.length >= 4 && parts[1].equals("workflow") && parts[2].equals("nodes")) {
            return new ProblemTarget(Section.NODE, unescape(parts[3]), line, column);
        }
        if (parts.length >= 3 && parts[1].equals("layout")) {
            return new ProblemTarget(Section.NODE, unescape(parts[2]), line, column);
        }
        if (parts.length >= 3 && parts[1].equals("guards") && parts[2].matches("\\d+")) {
            return new ProblemTarget(Section.GUARD, parts[2], line, column);
        }
        if (parts.length >= 4 && parts[1].equals("permissions") && parts[2].equals("rules")
                && parts[3].matches("\\d+")) {
            return new ProblemTarget(Section.RULE, parts[3], line, column);
        }
        if (parts.length >= 3 && parts[1].equals("agents")) {
            return new ProblemTarget(Section.AGENT, unescape(parts[2]), line, column);
        }
        return new ProblemTarget(Section.SOURCE, "", line, column);
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
