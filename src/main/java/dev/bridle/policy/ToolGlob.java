package dev.bridle.policy;

import java.util.regex.Pattern;

/**
 * A glob over tool names, as the permission gate reads them ({@code dev.bridle.access.Glob#name}, which this package
 * cannot use: it depends on this one): {@code *} matches any run of characters (dots included), {@code ?} any one
 * character, everything else is literal.
 */
public final class ToolGlob {

    private final String glob;
    private final Pattern pattern;

    private ToolGlob(String glob) {
        this.glob = glob;
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public static ToolGlob of(String glob) {
        return new ToolGlob(glob);
    }

    public boolean matches(String tool) {
        return pattern.matcher(tool).matches();
    }

    /** Whether every name this glob matches is also matched by {@code other} (sound, not complete). */
    public boolean within(ToolGlob other) {
        return other.glob.equals("*") || other.glob.equals(glob)
                || (!glob.contains("*") && !glob.contains("?") && other.matches(glob));
    }

    @Override
    public String toString() {
        return glob;
    }
}
