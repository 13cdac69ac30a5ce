package dev.bridle.app;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;

/**
 * The rows of the events table, shown a page of at most {@link #PAGE} at a time, the last page first (how a run ended
 * is what a user looks for first). JavaFX's virtual flow adds up the heights of all rows on every layout, so a table
 * of the half a million events of a 100,000-step run costs about 20 ms per frame and per change; a page costs
 * nothing. The rows come from a {@link Source}: a recorded run is read from the run store a page at a time, so a long
 * run is never held in memory. Use it on the FX thread.
 */
public final class RowPages {

    /** Rows per page. */
    public static final int PAGE = 10_000;

    /**
     * Where the rows come from. Each method answers through its callback on the FX thread, at once or later; a source
     * that reads a store answers later.
     */
    public interface Source {

        /** How many rows there are in all. */
        int size();

        /** Rows {@code from} to {@code from + count - 1}, in order. */
        void read(int from, int count, Consumer<List<EventRow>> then);

        /** The index of the row of event {@code seq}, or -1. */
        void indexOf(long seq, IntConsumer then);

        /** The index of the first row at workflow node {@code node}, or -1. */
        void firstAt(String node, IntConsumer then);
    }

    /** Rows held in memory (a test's run, a short run): every answer is immediate. */
    public static Source of(List<EventRow> rows) {
        List<EventRow> all = List.copyOf(rows);
        return new Source() {
            @Override
            public int size() {
                return all.size();
            }

            @Override
            public void read(int from, int count, Consumer<List<EventRow>> then) {
                then.accept(all.subList(from, Math.min(all.size(), from + count)));
            }

            @Override
            public void indexOf(long seq, IntConsumer then) {
                then.accept(first(r -> r.seq() == seq));
            }

            @Override
            public void firstAt(String node, IntConsumer then) {
                then.accept(first(r -> r.node().equals(node)));
            }

            private int first(Predicate<EventRow> which) {
                for (int i = 0; i < all.size(); i++) {
                    if (which.test(all.get(i))) {
                        return i;
                    }
                }
                return -1;
            }
        };
    }

    private Source source = of(List.of());
    /** Counts page requests, so that a page read for an earlier request does not replace a later one. */
    private long request;
    private final ReadOnlyListWrapper<EventRow> shown = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper pages = new ReadOnlyIntegerWrapper(1);
    private final ReadOnlyIntegerWrapper replaced = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper range = new ReadOnlyStringWrapper("");

    /** Replaces the rows with these, held in memory, and shows the last page. */
    public void setAll(List<EventRow> rows) {
        Source held = of(rows);
        held.read(lastPageStart(held.size()), PAGE, lastRows -> set(held, lastRows));
    }

    /**
     * Replaces the rows with those of {@code source} and shows {@code lastRows}, its last page, which the caller has
     * read already (so a finished run shows at once).
     */
    public void set(Source source, List<EventRow> lastRows) {
        this.source = source;
        request++;
        pages.set(lastPageStart(source.size()) / PAGE + 1);
        showRead(pages.get() - 1, lastRows);
        replaced.set(replaced.get() + 1);
    }

    /** The index of the first row of the last page of {@code size} rows (0 when there are none). */
    public static int lastPageStart(int size) {
        return Math.max(0, (size - 1) / PAGE) * PAGE;
    }

    /** Shows page {@code p} (0 is the first), kept within the pages there are. */
    public void show(int p) {
        show(p, () -> {});
    }

    /** Shows page {@code p}, then runs {@code then} once its rows are shown (not if another page was asked for first). */
    public void show(int p, Runnable then) {
        int at = Math.clamp(p, 0, pages.get() - 1);
        long asked = ++request;
        Source from = source;
        from.read(at * PAGE, PAGE, rows -> {
            if (asked == request && from == source) {
                showRead(at, rows);
                then.run();
            }
        });
    }

    private void showRead(int at, List<EventRow> rows) {
        int from = at * PAGE;
        shown.setAll(rows);
        page.set(at);
        range.set(pages.get() == 1 ? "" : String.format("events %,d–%,d of %,d", from + 1, from + rows.size(),
                source.size()));
    }

    /** Shows the page holding event {@code seq}, then hands its index in that page to {@code then} (-1: no such row). */
    public void revealSeq(long seq, IntConsumer then) {
        Source from = source;
        from.indexOf(seq, i -> turnTo(from, i, then));
    }

    /** Shows the page holding the first row at {@code node}, then hands its index in that page (-1: none is). */
    public void revealNode(String node, IntConsumer then) {
        Source from = source;
        from.firstAt(node, i -> turnTo(from, i, then));
    }

    private void turnTo(Source from, int index, IntConsumer then) {
        if (from != source) {
            return;
        }
        if (index < 0) {
            then.accept(-1);
        } else if (index / PAGE == page.get()) {
            then.accept(index % PAGE);
        } else {
            show(index / PAGE, () -> then.accept(index % PAGE));
        }
    }

    /** The rows of the page shown. */
    public ReadOnlyListProperty<EventRow> shown() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pagesProperty() {
        return pages.getReadOnlyProperty();
    }

    /** Counts the times the rows were replaced, so that a view can tell a new run from a page turned. */
    public ReadOnlyIntegerProperty replacedProperty() {
        return replaced.getReadOnlyProperty();
    }

    /** Which rows the page shows, as {@code events 1–10,000 of 504,167}; empty when there is one page. */
    public ReadOnlyStringProperty rangeProperty() {
        return range.getReadOnlyProperty();
    }

    /** How many rows there are in all. */
    public int size() {
        return source.size();
    }
}
