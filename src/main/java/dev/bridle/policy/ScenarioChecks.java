package dev.bridle.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a scenario: that the paths its workspace names stay in their folders (errors, see
 * {@link #workspacePaths}), and, against the harness it tests, that names in its expectations and stubs exist there
 * (warnings: such names are almost always typos, and a typo in a test makes it pass or fail for the wrong reason).
 */
public final class ScenarioChecks {

    private ScenarioChecks() {}

    /** Warnings about {@code scenario} as a test of {@code harness}. */
    public static List<Problem> check(ScenarioReader.Loaded scenario, Harness harness) {
        List<Problem> out = new ArrayList<>();
        SourceDocument doc = scenario.source();
        Scenario s = scenario.scenario();
        Set<String> rules = rulesOf(harness);
        s.expect().rule().filter(r -> !rules.contains(r)).ifPresent(r -> out.add(Problem.warning(
                doc.locate("/expect/rule"), "/expect/rule", "expect.rule names '" + r + "', which is no guard, node,"
                        + " permission rule or built-in rule of harness '" + harness.name() + "'; rules are "
                        + rules.stream().sorted().toList())));
        Set<String> offered = new LinkedHashSet<>();
        harness.agents().values().forEach(a -> offered.addAll(a.tools()));
        for (String tool : s.tools().keySet()) {
            if (!offered.contains(tool)) {
                String p = TreeReader.child("/tools", tool);
                out.add(Problem.warning(doc.locate(p), p, "tool stub '" + tool + "' is for a tool no agent of '"
                        + harness.name() + "' is offered; tools offered are " + offered.stream().sorted().toList()));
            }
        }
        return out;
    }

    /** The longest key accepted, in characters. */
    static final int MAX_KEY_LENGTH = 4096;

    /** The most segments in a key. */
    static final int MAX_KEY_DEPTH = 64;

    /**
     * Errors in the paths a scenario's workspace names. A scenario is code from whoever wrote it, run by whoever runs
     * {@code bridle test}, so a key must not reach past its folder: {@code files} and {@code expect.files} keys are
     * inside the workspace, {@code outside} keys inside the scenario's own outside folder (a sibling of the
     * workspace), {@code links} keys inside the workspace and their targets relative, reaching only the workspace or
     * the outside folder. A key is refused when it is empty, absolute ({@code /x}, {@code ~x}, {@code C:x}), holds a
     * backslash, NUL or another control character, an empty, {@code .} or {@code ..} segment, or lies under a link
     * key; a link target is refused when it is absolute, climbs out of both folders, or climbs ({@code ..}) back
     * out of another link, where the operating system would climb from the link's target instead.
     */
    public static List<Problem> workspacePaths(SourceDocument doc, Scenario scenario) {
        List<Problem> out = new ArrayList<>();
        Scenario.Workspace w = scenario.workspace().orElse(new Scenario.Workspace(Map.of(), Map.of(), Map.of()));
        Set<String> linkKeys = w.links().keySet();
        keys(doc, "/workspace/files", w.files().keySet(), "the workspace", linkKeys, out);
        keys(doc, "/workspace/outside", w.outside().keySet(), "the scenario's outside folder", Set.of(), out);
        keys(doc, "/workspace/links", linkKeys, "the workspace", linkKeys, out);
        keys(doc, "/expect/files", scenario.expect().files().keySet(), "the workspace", Set.of(), out);
        for (Map.Entry<String, String> link : w.links().entrySet()) {
            if (keyRefusal(link.getKey()) != null) {
                continue;
            }
            String target = linkTargetRefusal(link.getKey(), link.getValue(), linkKeys);
            if (target != null) {
                String p = TreeReader.child("/workspace/links", link.getKey());
                out.add(Problem.error(doc.locate(p), p, TreeReader.path(p) + ": the link target '" + link.getValue()
                        + "' " + target));
            }
        }
        return out;
    }

    private static void keys(SourceDocument doc, String pointer, Set<String> keys, String folder,
            Set<String> linkKeys, List<Problem> out) {
        for (String key : keys) {
            String p = TreeReader.child(pointer, key);
            String refusal = keyRefusal(key);
            if (refusal == null) {
                refusal = underLink(key, linkKeys);
            }
            if (refusal != null) {
                out.add(Problem.error(doc.locate(p), p, TreeReader.path(pointer) + " key '" + printable(key) + "' "
                        + refusal + "; a key is a relative path that stays inside " + folder));
            }
        }
    }

    /** Why a workspace key is refused, or {@code null}. */
    static String keyRefusal(String key) {
        if (key.isEmpty()) {
            return "is empty";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "is longer than " + MAX_KEY_LENGTH + " characters";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == 0) {
                return "contains a NUL byte";
            }
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
            if (c == '\\') {
                return "contains a backslash";
            }
        }
        if (key.startsWith("/")) {
            return "is absolute";
        }
        if (key.startsWith("~")) {
            return "is relative to a home folder";
        }
        if (key.length() >= 2 && key.charAt(1) == ':' && Character.isLetter(key.charAt(0))) {
            return "names a drive";
        }
        String[] segments = key.split("/", -1);
        if (segments.length > MAX_KEY_DEPTH) {
            return "has more than " + MAX_KEY_DEPTH + " segments";
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "has an empty segment";
            }
            if (segment.equals("..")) {
                return "has a '..' segment";
            }
            if (segment.equals(".")) {
                return "has a '.' segment";
            }
        }
        return null;
    }

    private static String underLink(String key, Set<String> linkKeys) {
        for (String link : linkKeys) {
            if (key.startsWith(link + "/")) {
                return "lies under the link '" + link + "', so writing it would write where the link leads";
            }
        }
        return null;
    }

    /**
     * Why a link target is refused, or {@code null}. The target is resolved lexically from the link's folder, in a
     * tree whose root holds {@code workspace} and {@code outside}; it must end inside one of them.
     */
    static String linkTargetRefusal(String key, String target, Set<String> linkKeys) {
        if (target.isEmpty() || target.indexOf('\0') >= 0 || target.indexOf('\\') >= 0) {
            return "is empty or holds a NUL byte or a backslash";
        }
        if (target.startsWith("/") || target.startsWith("~")) {
            return "is absolute; a target is relative to the link's folder";
        }
        List<String> at = new ArrayList<>(List.of("workspace"));
        String[] keySegments = key.split("/");
        at.addAll(List.of(keySegments).subList(0, keySegments.length - 1));
        for (String segment : target.split("/")) {
            if (segment.equals("..")) {
                if (at.isEmpty()) {
                    return "leads out of the scenario's folders";
                }
                String cancelled = String.join("/", at.subList(1, at.size()));
                if (at.getFirst().equals("workspace") && linkKeys.contains(cancelled)) {
                    return "climbs out of the link '" + cancelled
                            + "' with '..', which the operating system reads from the link's target";
                }
                at.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                at.add(segment);
            }
        }
        if (at.isEmpty() || !(at.getFirst().equals("workspace") || at.getFirst().equals("outside"))) {
            return "leads out of the workspace and the scenario's outside folder";
        }
        return null;
    }

    private static String printable(String key) {
        StringBuilder b = new StringBuilder();
        key.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return key.length() > 200 ? b + "..." : b.toString();
    }

    /** Every rule id a run of this harness can end with or name in an event. */
    static Set<String> rulesOf(Harness h) {
        Set<String> rules = new LinkedHashSet<>();
        h.guards().forEach(g -> rules.add(g.id()));
        h.workflow().nodes().keySet().forEach(n -> {
            rules.add(n);
            rules.add("workflow.nodes." + n + ".onError");
            rules.add("workflow.nodes." + n + ".next");
        });
        h.permissions().rules().forEach(r -> rules.add(r.id()));
        h.agents().values().forEach(a -> {
            rules.add("agents." + a.id() + ".limits.steps");
            rules.add("agents." + a.id() + ".limits.turns");
            rules.add("agents." + a.id() + ".limits.tokens");
        });
        rules.addAll(List.of("default", "path-scope", "host-name", "shell-analysis", "onError", "coordination.locks",
                "coordination.supervisor", "context.compaction", "context.window"));
        return rules;
    }
}
