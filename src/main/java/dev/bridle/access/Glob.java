package dev.bridle.access;

import java.util.ArrayList;
import java.util.List;

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
 *
 * <p><b>Hosts and ports.</b> A host glob may end in a port, {@code 127.0.0.1:8080} or {@code [::1]:8080}; it is
 * matched against a request's canonical {@code host[:port]} ({@link HostPort}). A glob without a port matches the
 * scheme's default port only (80 for http, 443 for https), so a non-default port must be named; a glob's port is a
 * number, never a wildcard. The host part and the port are matched apart, so {@code *.example.com} never matches
 * across the {@code :} ({@code a.example.com:8080} is not matched by it, nor {@code docs.example.*} by
 * {@code docs.example.com:8080}). A host part with no wildcard is put in canonical form when compiled, so
 * {@code 127.1}, {@code [0:0:0:0:0:0:0:1]} and {@code ::1} name the same addresses as requests do.
 */
public final class Glob {

    private enum Kind { ANY, LITERAL, PREFIX, PREFIX_TREE, SEGMENTS }

    private static final String GLOBSTAR = "**";

    private final String text;
    private final Kind kind;
    private final String literal;
    private final String[] segments;
    private final byte[] segmentKinds;
    private final int lastGlobstar;
    private final char separator;
    /** For host globs: the port the glob names, {@link HostPort#DEFAULT}, or {@link #NO_PORT} when it is unusable. */
    private final int port;
    private final boolean hostGlob;

    private static final int NO_PORT = -2;

    private static final byte SEGMENT_LITERAL = 0;
    private static final byte SEGMENT_SUFFIX = 1;
    private static final byte SEGMENT_WILD = 2;
    private static final byte SEGMENT_GLOBSTAR = 3;

    private Glob(String text, Kind kind, String literal, String[] segments, char separator) {
        this(text, kind, literal, segments, separator, false, HostPort.DEFAULT);
    }

    private Glob(String text, Kind kind, String literal, String[] segments, char separator, boolean hostGlob,
            int port) {
        this.text = text;
        this.hostGlob = hostGlob;
        this.port = port;
        this.kind = kind;
        this.literal = literal;
        this.segments = segments;
        this.separator = separator;
        int last = -1;
        byte[] kinds = new byte[segments == null ? 0 : segments.length];
        for (int i = 0; i < kinds.length; i++) {
            String segment = segments[i];
            if (segment.equals(GLOBSTAR)) {
                kinds[i] = SEGMENT_GLOBSTAR;
                last = i;
            } else if (isLiteral(segment)) {
                kinds[i] = SEGMENT_LITERAL;
            } else if (segment.charAt(0) == '*' && isLiteral(segment.substring(1))) {
                kinds[i] = SEGMENT_SUFFIX;
            } else {
                kinds[i] = SEGMENT_WILD;
            }
        }
        this.segmentKinds = kinds;
        this.lastGlobstar = last;
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
     * A glob over host names and ports, with {@code .} as the separator in the host, matched case-insensitively; an
     * IPv6 literal may be written with or without brackets ({@code [::1]}, {@code ::1}), and with a port only in
     * brackets ({@code [::1]:8080}). See the class comment for ports.
     */
    public static Glob host(String glob) {
        String hostPart = glob;
        int port = HostPort.DEFAULT;
        boolean portWritten = false;
        if (glob.startsWith("[")) {
            int close = glob.indexOf(']');
            String rest = close < 0 ? "" : glob.substring(close + 1);
            hostPart = close < 0 ? glob : glob.substring(0, close + 1);
            if (!rest.isEmpty()) {
                portWritten = true;
                port = rest.startsWith(":") ? HostPort.port(rest.substring(1)) : NO_PORT;
            }
        } else {
            int colon = glob.indexOf(':');
            if (colon >= 0 && colon == glob.lastIndexOf(':')) {
                hostPart = glob.substring(0, colon);
                portWritten = true;
                port = HostPort.port(glob.substring(colon + 1));
            } else if (colon >= 0) {
                hostPart = "[" + glob + "]";
            }
        }
        if (portWritten && port < 0) {
            // a port was written but is no number from 1 to 65535: the glob matches nothing
            port = NO_PORT;
        }
        String lower = HostNames.lower(hostPart);
        String h = isLiteral(lower) ? HostPort.canonicalHost(lower).orElse(lower) : lower;
        Glob hostOnly = compile(glob, h, '.');
        return new Glob(glob, hostOnly.kind, hostOnly.literal, hostOnly.segments, '.', true, port);
    }

    /** Whether this is a host glob that names its host without a wildcard ({@code docs.example.com:8080}). */
    public boolean isLiteralHost() {
        return hostGlob && kind == Kind.LITERAL && port != NO_PORT;
    }

    /** The glob as written. */
    public String text() {
        return text;
    }

    /**
     * Whether the whole input matches. Host names should be given in canonical form ({@link HostNames#canonical}):
     * the port is split off and compared apart from the host.
     */
    public boolean matches(String input) {
        if (!hostGlob) {
            return matchesWhole(input);
        }
        String host = input;
        int inputPort = HostPort.DEFAULT;
        int colon = input.startsWith("[") ? input.indexOf(':', input.indexOf(']') + 1) : input.lastIndexOf(':');
        if (colon >= 0) {
            host = input.substring(0, colon);
            inputPort = HostPort.port(input.substring(colon + 1));
            if (inputPort < 0) {
                return false;
            }
        }
        return port == inputPort && matchesWhole(host);
    }

    private boolean matchesWhole(String input) {
        return switch (kind) {
            case ANY -> true;
            case LITERAL -> literal.equals(input);
            case PREFIX -> input.startsWith(literal);
            case PREFIX_TREE -> input.startsWith(literal)
                    && (input.length() == literal.length() || input.charAt(literal.length()) == '/');
            case SEGMENTS -> matchFrom(0, input, 0);
        };
    }

    /** Whether pattern segments from {@code si} match the input's segments from the one starting at {@code pos}. */
    private boolean matchFrom(int si, String input, int pos) {
        int length = input.length();
        if (si == segments.length) {
            return pos == length + 1;
        }
        if (pos > length) {
            for (int k = si; k < segments.length; k++) {
                if (!segments[k].equals(GLOBSTAR)) {
                    return false;
                }
            }
            return true;
        }
        int end = separator == 0 ? -1 : input.indexOf(separator, pos);
        if (end < 0) {
            end = length;
        }
        if (segmentKinds[si] == SEGMENT_GLOBSTAR) {
            if (si == lastGlobstar) {
                return matchTail(si + 1, input, pos);
            }
            return matchFrom(si + 1, input, pos) || matchFrom(si, input, end + 1);
        }
        return matchSegment(si, input, pos, end) && matchFrom(si + 1, input, end + 1);
    }

    /**
     * After the last {@code **}, the remaining pattern segments can only line up with the last input segments, so
     * they are matched from the end instead of trying every split.
     */
    private boolean matchTail(int si, String input, int pos) {
        int remaining = segments.length - si;
        if (remaining == 0) {
            return true;
        }
        int start = input.length() + 1;
        for (int k = 0; k < remaining; k++) {
            int sep = start - 2 < 0 ? -1 : input.lastIndexOf(separator, start - 2);
            start = sep + 1;
            if (start < pos || (sep < 0 && k < remaining - 1)) {
                return false;
            }
        }
        return start >= pos && matchFrom(si, input, start);
    }

    private boolean matchSegment(int si, String input, int from, int to) {
        String pattern = segments[si];
        return switch (segmentKinds[si]) {
            case SEGMENT_LITERAL -> to - from == pattern.length() && input.regionMatches(from, pattern, 0, to - from);
            case SEGMENT_SUFFIX -> to - from >= pattern.length() - 1
                    && input.regionMatches(to - pattern.length() + 1, pattern, 1, pattern.length() - 1);
            default -> matchWild(pattern, input, from, to);
        };
    }

    /** Wildcard matching of one segment, {@code *} and {@code ?}, with the usual single backtrack point. */
    private static boolean matchWild(String pattern, String input, int from, int to) {
        int p = 0;
        int i = from;
        int star = -1;
        int starInput = -1;
        int plen = pattern.length();
        while (i < to) {
            char pc = p < plen ? pattern.charAt(p) : 0;
            if (p < plen && pc != '*' && (pc == '?' || pc == input.charAt(i))) {
                p++;
                i++;
            } else if (p < plen && pc == '*') {
                star = p++;
                starInput = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++starInput;
            } else {
                return false;
            }
        }
        while (p < plen && pattern.charAt(p) == '*') {
            p++;
        }
        return p == plen;
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
        if (glob.equals(GLOBSTAR) || (separator == 0 && !glob.isEmpty() && glob.chars().allMatch(c -> c == '*'))) {
            return new Glob(text, Kind.ANY, null, null, separator);
        }
        if (isLiteral(glob)) {
            return new Glob(text, Kind.LITERAL, glob, null, separator);
        }
        String head = glob.substring(0, glob.length() - 1);
        if (separator == 0 && glob.endsWith("*") && isLiteral(head)) {
            return new Glob(text, Kind.PREFIX, head, null, separator);
        }
        if (separator == '/' && glob.endsWith("/**")) {
            String prefix = glob.substring(0, glob.length() - 3);
            if (isLiteral(prefix) && !prefix.isEmpty()) {
                return new Glob(text, Kind.PREFIX_TREE, prefix, null, separator);
            }
        }
        String[] segments = separator == 0 ? new String[] {glob} : split(glob, separator);
        for (int i = 0; i < segments.length; i++) {
            // "a**b" inside a segment means the same as "a*b"
            while (!segments[i].equals(GLOBSTAR) && segments[i].contains("**")) {
                segments[i] = segments[i].replace("**", "*");
            }
        }
        return new Glob(text, Kind.SEGMENTS, null, segments, separator);
    }

    private static String[] split(String glob, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = glob.indexOf(separator, start);
            if (end < 0) {
                parts.add(glob.substring(start));
                return parts.toArray(String[]::new);
            }
            parts.add(glob.substring(start, end));
            start = end + 1;
        }
    }

    private static boolean isLiteral(String glob) {
        return glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
    }
}
