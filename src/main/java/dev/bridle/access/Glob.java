package dev.bridle.access;

import java.util.regex.Pattern;

/**
 * A glob compiled once into a matcher, for tool names, workspace paths and host names.
 *
 * <p>The syntax is the same everywhere; only the separator differs ({@code /} for paths, {@code .} for hosts, none
 * for tool names):
 *
 * <ul>
 *   <li>{@code ?} matches exactly one character other than the separator;
 *   <li>{@code *} matches any run of characters, possibly empty, within one segment (it never crosses a separator);
 *   <li>{@code **} as a whole segment matches any number of whole segments, including none: {@code src/**} matches
 *       {@code src}, {@code src/a} and {@code src/a/b}; {@code **}{@code /*.java} matches {@code a.java} and
 *       {@code x/y/a.java}. Elsewhere ({@code a**b}) it means the same as {@code *};
 *   <li>every other character, including {@code [}, {@code ]}, {@code {}, {@code }} and {@code \}, stands for itself.
 * </ul>
 *
 * <p>Matching is case-sensitive for tool names and paths, and case-insensitive for host names (they are lower-cased
 * on both sides). With no separator (tool names), {@code *} and {@code **} both match any text: {@code fs.*} matches
 * {@code fs.read}, {@code *} matches every tool.
 */
public final class Glob {

    private enum Kind { ANY, LITERAL, PREFIX_TREE, REGEX }

    private final String text;
    private final Kind kind;
    private final String literal;
    private final Pattern regex;

    private Glob(String text, Kind kind, String literal, Pattern regex) {
        this.text = text;
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
    }

    /** A glob over tool names, with no separator. */
    public static Glob name(String glob) {
        return compile(glob, glob, (char) 0);
    }

    /**
     * A glob over workspace-relative paths. A leading {@code workspace/} segment (or the whole glob
     * {@code workspace}) names the workspace root and is dropped, so {@code workspace/src/**} and {@code src/**} are
     * the same glob; leading {@code ./} segments are dropped too.
     */
    public static Glob path(String glob) {
        return compile(glob, workspaceRelative(glob), '/');
    }

    /**
     * A glob over host names, with {@code .} as the separator, matched case-insensitively; an IPv6 literal may be
     * written with or without brackets ({@code [::1]}).
     */
    public static Glob host(String glob) {
        String g = glob.startsWith("[") && glob.endsWith("]") ? glob.substring(1, glob.length() - 1) : glob;
        return compile(glob, HostNames.lower(g), '.');
    }

    /** The glob as written. */
    public String text() {
        return text;
    }

    /** Whether the whole input matches. Host names should be given lower-cased ({@link HostNames#lower}). */
    public boolean matches(String input) {
        return switch (kind) {
            case ANY -> true;
            case LITERAL -> literal.equals(input);
            case PREFIX_TREE -> input.startsWith(literal)
                    && (input.length() == literal.length() || input.charAt(literal.length()) == '/');
            case REGEX -> regex.matcher(input).matches();
        };
    }

    @Override
    public String toString() {
        return text;
    }

    static String workspaceRelative(String glob) {
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        if (g.equals("workspace") || g.equals(".") || g.isEmpty()) {
            return ".";
        }
        if (g.startsWith("workspace/")) {
            g = g.substring("workspace/".length());
        }
        return g.isEmpty() ? "." : g;
    }

    private static Glob compile(String text, String glob, char separator) {
        if (glob.equals("**") || (separator == 0 && !glob.isEmpty() && glob.chars().allMatch(c -> c == '*'))) {
            return new Glob(text, Kind.ANY, null, null);
        }
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) {
            return new Glob(text, Kind.LITERAL, glob, null);
        }
        if (separator == '/' && glob.endsWith("/**")) {
            String prefix = glob.substring(0, glob.length() - 3);
            if (prefix.indexOf('*') < 0 && prefix.indexOf('?') < 0 && !prefix.isEmpty()) {
                return new Glob(text, Kind.PREFIX_TREE, prefix, null);
            }
        }
        return new Glob(text, Kind.REGEX, null, Pattern.compile(toRegex(glob, separator), Pattern.DOTALL));
    }

    private static String toRegex(String glob, char separator) {
        if (separator == 0) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*') {
                    out.append(".*");
                    while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                    }
                } else if (c == '?') {
                    out.append('.');
                } else {
                    out.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return out.toString();
        }
        String sep = Pattern.quote(String.valueOf(separator));
        String notSep = "[^" + (separator == '.' ? "\\." : separator) + "]";
        String[] segments = glob.split(Pattern.quote(String.valueOf(separator)), -1);
        StringBuilder out = new StringBuilder();
        int last = segments.length - 1;
        for (int i = 0; i <= last; i++) {
            String segment = segments[i];
            if (segment.equals("**")) {
                if (i == last && i == 0) {
                    out.append(".*");
                } else if (i == last) {
                    // "a/**" also matches "a" itself: the separator before it is optional with what follows
                    out.append("(?:").append(sep).append(".*)?");
                } else {
                    out.append("(?:").append(notSep).append("*").append(sep).append(")*");
                }
                continue;
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c == '*') {
                    out.append(notSep).append('*');
                    while (j + 1 < segment.length() && segment.charAt(j + 1) == '*') {
                        j++;
                    }
                } else if (c == '?') {
                    out.append(notSep);
                } else {
                    out.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (i < last && !(segments[i + 1].equals("**") && i + 1 == last)) {
                out.append(sep);
            }
        }
        return out.toString();
    }
}
