package dev.bridle.access;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a subagent's permissions only narrow its parent's: every call the child may make (allow) or may ask
 * for (ask), the parent may too, at least as freely.
 *
 * <p>The check is syntactic and conservative: it reports whenever it cannot show coverage, so a report is "could
 * widen", never a false "is fine". It reports
 *
 * <ul>
 *   <li>a child default wider than the parent's (allow over ask over deny);
 *   <li>a child allow or ask rule that no unconditional parent rule of at least the same grant covers, unless the
 *       parent's default already grants that much. One glob covers another when it is equal, is {@code *} or
 *       {@code **}, is {@code prefix*} for tool names and the other starts with the prefix, is {@code X/**} for
 *       paths and the other is {@code X} or starts with {@code X/}, or is {@code *.d} / {@code **.d} for hosts and
 *       the other is one more label / any labels before {@code .d}, on the same port. An absent list (agents, paths, hosts) covers
 *       everything; a present one covers only a present one whose every item it covers;
 *   <li>a parent deny (or ask) rule that may overlap a child allow (or allow/ask) rule, when the child repeats no
 *       rule at least as strict that covers the parent's. Two globs may overlap unless their literal prefixes
 *       (up to the first wildcard or {@code :}) are incompatible, or both are literal and differ.
 * </ul>
 */
public final class Narrowing {

    /**
     * One way the child may do more than the parent.
     *
     * @param childRule the child rule's id, or {@code default}
     * @param reason what is not covered, in words
     */
    public record Widening(String childRule, String reason) {}

    private Narrowing() {}

    /** Every way the child's permissions may be wider than the parent's, in the child's rule order. */
    public static List<Widening> widenings(Permissions parent, Permissions child) {
        List<Widening> found = new ArrayList<>();
        if (grant(child.defaultEffect()) > grant(parent.defaultEffect())) {
            found.add(new Widening(Decision.DEFAULT, "the child's default " + child.defaultEffect().word()
                    + " is wider than the parent's default " + parent.defaultEffect().word()));
        }
        for (PermissionRule c : child.rules()) {
            if (c.effect() == Effect.DENY) {
                continue;
            }
            boolean covered = grant(parent.defaultEffect()) >= grant(c.effect());
            for (PermissionRule p : parent.rules()) {
                if (!covered && p.effect() != Effect.DENY && grant(p.effect()) >= grant(c.effect()) && p.when() == null
                        && covers(p, c)) {
                    covered = true;
                }
            }
            if (!covered) {
                String verb = c.effect() == Effect.ALLOW ? "allows" : "allows or asks for";
                found.add(new Widening(c.id(), "no parent rule " + verb + " tool " + c.tool() + scope(c)));
            }
            for (PermissionRule r : parent.rules()) {
                if (grant(r.effect()) >= grant(c.effect()) || !mayOverlap(r, c)) {
                    continue;
                }
                boolean repeated = child.rules().stream().anyMatch(d -> grant(d.effect()) <= grant(r.effect())
                        && (d.when() == null || Objects.equals(d.when(), r.when())) && covers(d, r));
                if (!repeated) {
                    found.add(new Widening(c.id(), "the parent's " + r.effect().word() + " rule " + r.id()
                            + " may apply to calls this rule " + c.effect().word() + "s, and the child does not"
                            + " repeat it"));
                }
            }
        }
        return found;
    }

    private static int grant(Effect effect) {
        return switch (effect) {
            case DENY -> 0;
            case ASK -> 1;
            case ALLOW -> 2;
        };
    }

    private static String scope(PermissionRule rule) {
        StringBuilder out = new StringBuilder();
        if (!rule.agents().isEmpty()) {
            out.append(" for agents ").append(rule.agents());
        }
        if (!rule.paths().isEmpty()) {
            out.append(" on paths ").append(rule.paths());
        }
        if (!rule.hosts().isEmpty()) {
            out.append(" on hosts ").append(rule.hosts());
        }
        return out.toString();
    }

    /** Whether everything {@code narrow} matches, {@code wide} matches too (ignoring conditions). */
    static boolean covers(PermissionRule wide, PermissionRule narrow) {
        return listCovers(wide.agents(), narrow.agents(), String::equals)
                && nameCovers(wide.tool(), narrow.tool())
                && listCovers(wide.paths(), narrow.paths(), Narrowing::pathCovers)
                && listCovers(wide.hosts(), narrow.hosts(), Narrowing::hostCovers);
    }

    private interface Cover {
        boolean test(String wide, String narrow);
    }

    private static boolean listCovers(List<String> wide, List<String> narrow, Cover cover) {
        if (wide.isEmpty()) {
            return true;
        }
        if (narrow.isEmpty()) {
            return false;
        }
        return narrow.stream().allMatch(n -> wide.stream().anyMatch(w -> cover.test(w, n)));
    }

    static boolean nameCovers(String wide, String narrow) {
        if (wide.equals(narrow) || (!wide.isEmpty() && wide.chars().allMatch(ch -> ch == '*'))) {
            return true;
        }
        // a plain tool name matches every program of that tool: "shell" covers "shell:git"
        if (isLiteral(wide) && narrow.startsWith(wide + ":")) {
            return true;
        }
        if (wide.endsWith("*")) {
            String prefix = wide.substring(0, wide.length() - 1);
            return isLiteral(prefix) && narrow.startsWith(prefix);
        }
        return false;
    }

    static boolean pathCovers(String wide, String narrow) {
        String w = Glob.workspaceRelative(wide);
        String n = Glob.workspaceRelative(narrow);
        if (w.equals(n) || w.equals("**")) {
            return true;
        }
        if (w.endsWith("/**")) {
            String prefix = w.substring(0, w.length() - 3);
            return isLiteral(prefix) && (n.equals(prefix) || n.startsWith(prefix + "/"));
        }
        return false;
    }

    static boolean hostCovers(String wide, String narrow) {
        String[] wideParts = hostAndPort(HostNames.lower(wide));
        String[] narrowParts = hostAndPort(HostNames.lower(narrow));
        if (!wideParts[1].equals(narrowParts[1])) {
            // a host glob covers its own port only (no port: the default one), see Glob#host
            return false;
        }
        String w = wideParts[0];
        String n = narrowParts[0];
        if (w.equals(n) || w.equals("**")) {
            return true;
        }
        if (w.startsWith("**.") && isLiteral(w.substring(3))) {
            String suffix = w.substring(3);
            return n.equals(suffix) || n.endsWith("." + suffix);
        }
        if (w.startsWith("*.") && isLiteral(w.substring(2))) {
            String suffix = "." + w.substring(2);
            if (!n.endsWith(suffix)) {
                return false;
            }
            String label = n.substring(0, n.length() - suffix.length());
            return !label.isEmpty() && label.indexOf('.') < 0 && !label.contains("**");
        }
        return false;
    }

    /** A host glob split into its host and its port text ({@code ""} for the default port). */
    private static String[] hostAndPort(String glob) {
        if (glob.startsWith("[")) {
            int close = glob.indexOf(']');
            if (close >= 0 && glob.startsWith(":", close + 1)) {
                return new String[] {glob.substring(0, close + 1), glob.substring(close + 2)};
            }
            return new String[] {glob, ""};
        }
        int colon = glob.indexOf(':');
        if (colon >= 0 && colon == glob.lastIndexOf(':')) {
            return new String[] {glob.substring(0, colon), glob.substring(colon + 1)};
        }
        return new String[] {glob, ""};
    }

    static boolean mayOverlap(PermissionRule a, PermissionRule b) {
        boolean agents = a.agents().isEmpty() || b.agents().isEmpty()
                || a.agents().stream().anyMatch(b.agents()::contains);
        return agents
                && mayOverlap(a.tool(), b.tool(), true)
                && listsMayOverlap(a.paths(), b.paths())
                && listsMayOverlap(a.hosts(), b.hosts());
    }

    private static boolean listsMayOverlap(List<String> a, List<String> b) {
        return a.isEmpty() || b.isEmpty()
                || a.stream().anyMatch(x -> b.stream().anyMatch(y -> mayOverlap(x, y, false)));
    }

    private static boolean mayOverlap(String a, String b, boolean toolNames) {
        if (toolNames && isLiteral(a) && isLiteral(b) && !a.equals(b)) {
            // "shell" and "shell:rm" both apply to a shell call running rm
            return a.startsWith(b + ":") || b.startsWith(a + ":");
        }
        if (!toolNames && isLiteral(a) && isLiteral(b)) {
            return Glob.workspaceRelative(a).equals(Glob.workspaceRelative(b)) || a.equalsIgnoreCase(b);
        }
        String pa = literalPrefix(toolNames ? a : Glob.workspaceRelative(a));
        String pb = literalPrefix(toolNames ? b : Glob.workspaceRelative(b));
        return pa.startsWith(pb) || pb.startsWith(pa);
    }

    private static String literalPrefix(String glob) {
        int end = glob.length();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*' || ch == '?' || ch == ':') {
                end = i;
                break;
            }
        }
        return glob.substring(0, end);
    }

    private static boolean isLiteral(String glob) {
        return glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
    }
}
