package dev.bridle.policy;

import java.util.regex.Pattern;

/** A glob over tool names: {@code *} matches any run of characters (dots included), everything else is literal. */
public final class ToolGlob {

    private final String glob;
    private final Pattern pattern;

    private ToolGlob(String glob) {
        this.glob = glob;
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty() || glob.startsWith("*")) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        if (glob.equals("*")) {
            re.setLength(0);
            re.append(".*");
        }
        this.pattern = Pattern.compile(re.toString());
    }

    public static ToolGlob of(String glob) {
        return new ToolGlob(glob);
    }

    public boolean matches(String tool) {
        return pattern.matcher(tool).matches();
    }

    /** Whether every name this glob matches is also matched by {@code other} (sound, not complete). */
    public boolean within(ToolGlob other) {
        return other.glob.equals("*") || other.glob.equals(glob) || (!glob.contains("*") && other.matches(glob));
    }

    @Override
    public String toString() {
        return glob;
    }
}
