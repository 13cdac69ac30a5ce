package dev.bridle.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Bridle path glob said as a Claude Code {@code Read(…)}/{@code Edit(…)} pattern, or the reason it cannot be.
 *
 * <p><b>The two semantics.</b> A Bridle glob is matched against the workspace-relative path ({@code dev.bridle.access
 * .Glob#path}): {@code *} and {@code ?} stay within a segment, {@code **} as a whole segment matches any number of
 * segments (none included, so {@code docs/**} matches {@code docs} too), every other character is literal. Claude Code
 * reads its patterns as gitignore does (docs.claude.com, "Permission rule syntax", Read and Edit): {@code /path} is
 * anchored at the project root (the folder holding {@code .claude/settings.json}), {@code //path} is absolute,
 * {@code ~/path} is in the home folder, and a bare {@code path} is relative to the current folder and, without a
 * slash, matches at any depth; {@code [..]}, {@code \}, a leading {@code !} or {@code #} and trailing spaces mean
 * something; and, as in git, a pattern that matches a folder covers everything inside it.
 *
 * <p><b>The translation.</b> Every pattern written here is anchored ({@code /…}, so the folder Claude Code starts in
 * does not change it), and its segments are the glob's own. Because a matched folder covers its contents, a pattern
 * is never narrower than the glob, and it is wider unless the glob itself covers everything under what it matches,
 * which is when it ends in {@code /**}. So an <em>allow</em> is written only for such globs (it may then be narrower
 * by the folder itself, never wider), while a <em>deny</em> or <em>ask</em> may always be written, wider being the
 * safe side: {@code A/**} becomes {@code /A}, exactly the folder and everything in it. Characters that gitignore or
 * the rule syntax read specially ({@code ( ) [ ] \ ! #}, quotes, control characters, …) are refused, never escaped:
 * how Claude Code unescapes them is not documented.
 */
final class ClaudePathPattern {

    /** What became of one glob. */
    sealed interface Result {}

    /** The Claude Code pattern, without the tool name: {@code /docs/**}. */
    record Pattern(String text) implements Result {}

    /** The glob matches no path the permission check ever sees (absolute, {@code ..}, empty segments). */
    record Never(String why) implements Result {}

    /** The glob cannot be said for this use. */
    record Refused(String why) implements Result {}

    /** The glob covers the whole workspace: the bare tool (wider: outside the workspace too) is the pattern. */
    record Everything() implements Result {}

    private static final String GLOBSTAR = "**";
    private static final String PLAIN = "._-*?+@=~%,";

    private ClaudePathPattern() {}

    /** The pattern for an allow rule: never wider than the glob. */
    static Result forAllow(String glob) {
        Parsed p = parse(glob);
        if (p.result != null) {
            return p.result;
        }
        if (p.segments.isEmpty()) {
            return new Refused("it names the workspace folder itself, which no Claude Code pattern says alone");
        }
        if (!p.segments.getLast().equals(GLOBSTAR)) {
            return new Refused("in Claude Code a pattern that matches a folder also covers everything inside it"
                    + " (gitignore), so `" + glob + "` would allow more than the harness; write it as FOLDER/**");
        }
        return new Pattern("/" + String.join("/", p.segments));
    }

    /** The pattern for a deny or ask rule: never narrower than the glob. */
    static Result forDenyOrAsk(String glob) {
        Parsed p = parse(glob);
        if (p.result != null) {
            return p.result;
        }
        List<String> segments = new ArrayList<>(p.segments);
        // A/** is A and everything in it: in Claude Code that is exactly the pattern /A.
        while (!segments.isEmpty() && segments.getLast().equals(GLOBSTAR)) {
            segments.removeLast();
        }
        if (segments.isEmpty()) {
            return new Everything();
        }
        return new Pattern("/" + String.join("/", segments));
    }

    /** The glob's segments in gitignore form, or the result that ends the translation. */
    private record Parsed(List<String> segments, Result result) {}

    private static Parsed parse(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (!(Character.isLetterOrDigit(c) || PLAIN.indexOf(c) >= 0 || c == '/' || c == ' ')) {
                return new Parsed(List.of(), new Refused("its character " + describe(c) + " has a meaning in Claude"
                        + " Code's rule syntax or in gitignore patterns"));
            }
        }
        if (glob.endsWith(" ") || glob.startsWith(" ")) {
            return new Parsed(List.of(), new Refused("gitignore drops spaces at the end of a pattern"));
        }
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        // The same reading as the permission check's (Glob.path): a leading workspace/ names the workspace root.
        if (g.equals("workspace") || g.equals(".") || g.isEmpty()) {
            return new Parsed(List.of(), null);
        }
        if (g.startsWith("workspace/")) {
            g = g.substring("workspace/".length());
        }
        if (g.startsWith("/")) {
            return new Parsed(List.of(), new Never("an absolute glob never matches a workspace path"));
        }
        List<String> segments = new ArrayList<>();
        for (String segment : Arrays.asList(g.split("/", -1))) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return new Parsed(List.of(), new Never("the permission check normalises paths, so a glob with an"
                        + " empty, '.' or '..' segment never matches"));
            }
            // "a**b" means "a*b" in both readings; said plainly so that no reader takes it for a globstar.
            String s = segment;
            if (!s.equals(GLOBSTAR)) {
                while (s.contains("**")) {
                    s = s.replace("**", "*");
                }
            }
            segments.add(s);
        }
        return new Parsed(segments, null);
    }

    private static String describe(char c) {
        return Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
