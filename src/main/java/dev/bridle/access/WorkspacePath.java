package dev.bridle.access;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lexical half of path checking: turns a requested path string into normalised workspace-relative segments, or
 * refuses it, without touching the file system.
 *
 * <p>Refused outright: an empty path, absolute paths ({@code /x}, {@code C:x}, {@code ~/x}), backslashes, NUL and
 * other control characters, any percent-encoded triple ({@code %2e}, {@code %252e}, {@code %c0%ae}: nothing is
 * decoded, so encoded and double-encoded traversal and overlong UTF-8 forms are refused rather than interpreted),
 * the Unicode replacement character and unpaired surrogates (traces of a lossy decode), characters that
 * compatibility-normalise to {@code .}, {@code /}, {@code \} or {@code %} (full-width dots and slashes), more than
 * {@value #MAX_LENGTH} characters, more than {@value #MAX_DEPTH} segments, and a {@code ..} that would climb above
 * the workspace root. Empty and {@code .} segments are dropped, and {@code ..} removes the segment before it, so
 * {@code src/../secrets} becomes {@code secrets}.
 */
public final class WorkspacePath {

    /** The longest path accepted, in characters. */
    public static final int MAX_LENGTH = 4096;

    /** The most segments accepted. */
    public static final int MAX_DEPTH = 64;

    /** The root of the workspace, as a relative path. */
    public static final String ROOT = ".";


    private WorkspacePath() {}

    /** Checks and normalises a requested path. */
    public static PathCheck normalise(String raw) {
        Segments result = segments(raw);
        return result.refusal() != null
                ? new PathCheck.Refused(result.refusal())
                : new PathCheck.Inside(join(result.names()));
    }

    /**
     * Normalised segments, or the reason they could not be had.
     *
     * @param names the segments
     * @param refusal why the path is refused, or {@code null}
     * @param cancelled the paths (joined segments) that a {@code ..} cancelled, in order
     */
    record Segments(List<String> names, String refusal, List<String> cancelled) {
        static Segments refused(String reason) {
            return new Segments(List.of(), reason, List.of());
        }
    }

    /** Joins segments into a relative path; no segments is the root {@code .}. */
    static String join(List<String> segments) {
        return segments.isEmpty() ? ROOT : String.join("/", segments);
    }

    /** The normalised segments of a requested path, or why it is refused. */
    static Segments segments(String raw) {
        String reason = refusal(raw);
        return reason != null ? Segments.refused(reason) : climb(new ArrayList<>(), raw);
    }

    /** Applies the segments of a relative path to a stack of segments; or why not when it climbs out. */
    static Segments climb(List<String> stack, String relative) {
        List<String> cancelled = new ArrayList<>();
        int start = 0;
        int n = relative.length();
        while (start <= n) {
            int end = relative.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            String segment = relative.substring(start, end);
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    return Segments.refused("'..' escapes the workspace");
                }
                cancelled.add(join(stack));
                stack.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                stack.add(segment);
                if (stack.size() > MAX_DEPTH) {
                    return Segments.refused("more than " + MAX_DEPTH + " segments");
                }
            }
            start = end + 1;
        }
        return new Segments(stack, null, cancelled);
    }

    private static String refusal(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "empty path";
        }
        if (raw.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == 0) {
                return "contains a NUL byte";
            }
            if (c == '\\') {
                return "contains a backslash";
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "contains a control character";
            }
            if (c == '\ufffd') {
                return "contains U+FFFD (a malformed encoding)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate";
            }
            if (c >= 0x80) {
                String compat = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
                if (compat.indexOf('.') >= 0 || compat.indexOf('/') >= 0 || compat.indexOf('\\') >= 0
                        || compat.indexOf('%') >= 0) {
                    return "contains U+" + String.format("%04X", (int) c) + ", a look-alike of '" + compat + "'";
                }
            }
        }
        if (percentEncoded(raw)) {
            return "contains a percent-encoded sequence (encoded forms are refused, never decoded)";
        }
        if (raw.startsWith("/")) {
            return "absolute path";
        }
        if (raw.startsWith("~")) {
            return "home-relative path";
        }
        if (raw.length() >= 2 && raw.charAt(1) == ':' && isAsciiLetter(raw.charAt(0))) {
            return "drive-qualified path";
        }
        return null;
    }

    private static boolean percentEncoded(String raw) {
        for (int i = raw.indexOf('%'); i >= 0 && i + 2 < raw.length(); i = raw.indexOf('%', i + 1)) {
            if (Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
