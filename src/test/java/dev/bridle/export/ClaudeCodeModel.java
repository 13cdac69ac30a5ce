package dev.bridle.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A small model of how Claude Code decides a tool call from a {@code settings.json}, for testing the export. It models
 * the wide reading wherever the documentation leaves room, so that an export that is safe under the model is safe
 * under any narrower reading.
 *
 * <p>Sources: Claude Code's documentation, "Configure permissions" and "Permission modes" (code.claude.com/docs/en/
 * permissions, /permission-modes; the iam.md text of 2026-01: "Read &amp; Edit rules both follow the gitignore
 * specification", "/path" relative to the project root, "//path" absolute, "~/path" home; "Edit rules apply to all
 * built-in tools that edit files"; "Claude will make a best-effort attempt to apply Read rules to all built-in tools
 * that read files like Grep and Glob"; rules are checked deny, then ask, then allow; default mode runs read-only tools
 * without asking; dontAsk refuses whatever is not allowed), and the gitignore specification (git-scm.com/docs/gitignore:
 * {@code *} and {@code ?} do not match {@code /}; leading {@code **}/, trailing /{@code **} and /{@code **}/; a pattern
 * that excludes a folder excludes everything inside it).
 *
 * <ul>
 *   <li>{@code Read}, {@code Grep} and {@code Glob} are decided by {@code Read} rules; {@code Edit} and {@code Write} by
 *       {@code Edit} rules; {@code WebFetch} by {@code WebFetch} rules, {@code domain:H} matching the URL's host
 *       exactly (any scheme, any port); {@code Bash} by {@code Bash} rules, {@code Bash(P:*)} matching any command that
 *       starts with {@code P}, {@code Bash(C)} the command {@code C}. A rule that is the tool's name alone matches
 *       every call of it.
 *   <li>A file call's path is relative to the project root and normalised; one that leaves the project matches no
 *       anchored pattern. Anchored patterns ({@code /…}) are matched as gitignore patterns against the path <em>and
 *       every folder above it</em>. Patterns of the other forms fail the test: the export must not write them.
 *   <li>Outside any rule: under {@code dontAsk} every call is refused; otherwise read-only tools inside the project run
 *       without asking and the rest asks.
 * </ul>
 */
final class ClaudeCodeModel {

    enum Verdict { ALLOW, ASK, DENY }

    /** A Claude Code tool call: the tool and its one checked argument (path, URL or command). */
    record Call(String tool, String argument) {}

    private final List<String> allow;
    private final List<String> ask;
    private final List<String> deny;
    private final boolean dontAsk;

    ClaudeCodeModel(JsonNode settings) {
        JsonNode p = settings.path("permissions");
        this.allow = strings(p.path("allow"));
        this.ask = strings(p.path("ask"));
        this.deny = strings(p.path("deny"));
        this.dontAsk = "dontAsk".equals(p.path("defaultMode").asText());
    }

    Verdict decide(Call call) {
        if (deny.stream().anyMatch(r -> matches(r, call))) {
            return Verdict.DENY;
        }
        if (ask.stream().anyMatch(r -> matches(r, call))) {
            return Verdict.ASK;
        }
        if (allow.stream().anyMatch(r -> matches(r, call))) {
            return Verdict.ALLOW;
        }
        if (dontAsk) {
            return Verdict.DENY;
        }
        boolean readOnly = List.of("Read", "Grep", "Glob").contains(call.tool());
        return readOnly && normalise(call.argument()) != null ? Verdict.ALLOW : Verdict.ASK;
    }

    private static String family(String tool) {
        return switch (tool) {
            case "Read", "Grep", "Glob" -> "Read";
            case "Edit", "Write" -> "Edit";
            default -> tool;
        };
    }

    static boolean matches(String rule, Call call) {
        int open = rule.indexOf('(');
        String tool = open < 0 ? rule : rule.substring(0, open);
        if (!tool.equals(family(call.tool()))) {
            return false;
        }
        if (open < 0) {
            return true;
        }
        if (!rule.endsWith(")") || rule.indexOf(')') != rule.length() - 1) {
            throw new AssertionError("not one rule: " + rule);
        }
        String spec = rule.substring(open + 1, rule.length() - 1);
        return switch (tool) {
            case "Read", "Edit" -> path(spec, call.argument());
            case "WebFetch" -> {
                if (!spec.startsWith("domain:")) {
                    throw new AssertionError("the export writes WebFetch domain rules only: " + rule);
                }
                String host = hostOf(call.argument());
                yield host != null && host.equals(spec.substring("domain:".length()).toLowerCase(Locale.ROOT));
            }
            case "Bash" -> spec.endsWith(":*") ? call.argument().startsWith(spec.substring(0, spec.length() - 2))
                    : call.argument().equals(spec);
            default -> throw new AssertionError("the export writes no " + tool + " rules: " + rule);
        };
    }

    private static boolean path(String pattern, String argument) {
        if (!pattern.startsWith("/") || pattern.startsWith("//")) {
            throw new AssertionError("the export anchors every path pattern at the project root: " + pattern);
        }
        List<String> path = normalise(argument);
        if (path == null) {
            return false;
        }
        String[] segments = pattern.substring(1).split("/", -1);
        // gitignore: a pattern that matches a folder covers everything inside it.
        for (int n = 1; n <= path.size(); n++) {
            if (gitignore(segments, 0, path.subList(0, n), 0)) {
                return true;
            }
        }
        return false;
    }

    /** Anchored gitignore matching of whole segments; {@code **} is a whole segment. */
    private static boolean gitignore(String[] pattern, int pi, List<String> path, int si) {
        if (pi == pattern.length) {
            return si == path.size();
        }
        if (pattern[pi].equals("**")) {
            if (pi == pattern.length - 1) {
                // a trailing "/**" matches everything inside, not the folder itself
                return si < path.size();
            }
            for (int k = si; k <= path.size(); k++) {
                if (gitignore(pattern, pi + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        return si < path.size() && segment(pattern[pi], path.get(si)) && gitignore(pattern, pi + 1, path, si + 1);
    }

    /** {@code *} any run within the segment, {@code ?} one character; every other character stands for itself. */
    static boolean segment(String pattern, String text) {
        if (pattern.isEmpty()) {
            return text.isEmpty();
        }
        char c = pattern.charAt(0);
        if (c == '*') {
            for (int k = 0; k <= text.length(); k++) {
                if (segment(pattern.substring(1), text.substring(k))) {
                    return true;
                }
            }
            return false;
        }
        if (c == '[' || c == '\\' || c == '!' || c == '#') {
            throw new AssertionError("gitignore reads '" + c + "' specially; the export must refuse it: " + pattern);
        }
        return !text.isEmpty() && (c == '?' || c == text.charAt(0)) && segment(pattern.substring(1),
                text.substring(1));
    }

    /** The project-relative path's segments, or null when it leaves the project or is absolute. */
    static List<String> normalise(String argument) {
        if (argument.startsWith("/")) {
            return null;
        }
        Deque<String> out = new ArrayDeque<>();
        for (String s : argument.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.removeLast();
            } else {
                out.addLast(s);
            }
        }
        return out.isEmpty() ? null : new ArrayList<>(out);
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
