package dev.bridle.workspace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two small texts, as one hunk around the lines that differ (common leading and trailing lines
 * trimmed, three lines of context), capped at {@value #MAX_CHARS} characters.
 */
final class UnifiedDiff {

    static final int MAX_CHARS = 4000;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    /** The text of {@code bytes} when they are UTF-8 without NUL, else null: binary files get no diff. */
    static String text(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.indexOf('\0') >= 0 ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String of(String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        int from = Math.max(0, head - CONTEXT);
        int aTo = Math.min(a.size(), a.size() - tail + CONTEXT);
        int bTo = Math.min(b.size(), b.size() - tail + CONTEXT);
        StringBuilder sb = new StringBuilder();
        sb.append("@@ -").append(range(from, aTo - from)).append(" +").append(range(from, bTo - from))
                .append(" @@\n");
        for (int i = from; i < head; i++) {
            sb.append(' ').append(a.get(i)).append('\n');
        }
        for (int i = head; i < a.size() - tail; i++) {
            sb.append('-').append(a.get(i)).append('\n');
        }
        for (int i = head; i < b.size() - tail; i++) {
            sb.append('+').append(b.get(i)).append('\n');
        }
        for (int i = a.size() - tail; i < aTo; i++) {
            sb.append(' ').append(a.get(i)).append('\n');
        }
        if (sb.length() > MAX_CHARS) {
            return sb.substring(0, MAX_CHARS) + "\n... (diff cut at " + MAX_CHARS + " characters)\n";
        }
        return sb.toString();
    }

    private static String range(int start, int count) {
        // Unified diff counts lines from 1, and an empty range names the line before it.
        return (count == 0 ? start : start + 1) + "," + count;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(s.lines().toList());
        return out;
    }
}
