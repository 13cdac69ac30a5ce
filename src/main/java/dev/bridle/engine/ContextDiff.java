package dev.bridle.engine;

import dev.bridle.context.ContextEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an agent's context changed between two moments of a run: each message kept, added or removed (by compaction,
 * for instance), in context order, with its token count, and the token totals before and after. A summary that
 * replaced compacted messages shows as added where it was put.
 *
 * @param agent whose context it is
 * @param fromSeq the event the context is compared against ({@code 0}: the start of the run, an empty context)
 * @param toSeq the event the context is shown after
 * @param lines the messages of both contexts, in order: what both hold once, what only one holds marked
 */
public record ContextDiff(String agent, long fromSeq, long toSeq, List<ContextDiff.Line> lines) {

    /** What happened to a message between the two moments. */
    public enum Change {
        KEPT,
        ADDED,
        REMOVED
    }

    /** One message of the diff. */
    public record Line(Change change, ContextEntry entry) {
        public Line {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(entry, "entry");
        }
    }

    public ContextDiff {
        lines = List.copyOf(lines);
    }

    /**
     * Compares two contexts message by message: the longest run of messages both hold in the same order is kept, the
     * rest of {@code before} removed and the rest of {@code after} added.
     */
    public static ContextDiff between(String agent, long fromSeq, List<ContextEntry> before, long toSeq,
            List<ContextEntry> after) {
        int n = before.size();
        int m = after.size();
        // common[i][j]: how many messages before[i..] and after[j..] have in common, in order.
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>(Math.max(n, m));
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (before.get(i).equals(after.get(j))) {
                lines.add(new Line(Change.KEPT, after.get(j)));
                i++;
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add(new Line(Change.REMOVED, before.get(i++)));
            } else {
                lines.add(new Line(Change.ADDED, after.get(j++)));
            }
        }
        while (i < n) {
            lines.add(new Line(Change.REMOVED, before.get(i++)));
        }
        while (j < m) {
            lines.add(new Line(Change.ADDED, after.get(j++)));
        }
        return new ContextDiff(agent, fromSeq, toSeq, lines);
    }

    /** The context at {@link #fromSeq}. */
    public List<ContextEntry> before() {
        return entries(Change.REMOVED);
    }

    /** The context at {@link #toSeq}. */
    public List<ContextEntry> after() {
        return entries(Change.ADDED);
    }

    public List<ContextEntry> added() {
        return only(Change.ADDED);
    }

    public List<ContextEntry> removed() {
        return only(Change.REMOVED);
    }

    public List<ContextEntry> kept() {
        return only(Change.KEPT);
    }

    public int tokensBefore() {
        return before().stream().mapToInt(ContextEntry::tokens).sum();
    }

    public int tokensAfter() {
        return after().stream().mapToInt(ContextEntry::tokens).sum();
    }

    /** Whether nothing was added or removed. */
    public boolean unchanged() {
        return lines.stream().allMatch(l -> l.change() == Change.KEPT);
    }

    /** The kept messages and those with {@code change}. */
    private List<ContextEntry> entries(Change change) {
        return lines.stream().filter(l -> l.change() == Change.KEPT || l.change() == change).map(Line::entry)
                .toList();
    }

    private List<ContextEntry> only(Change change) {
        return lines.stream().filter(l -> l.change() == change).map(Line::entry).toList();
    }
}
