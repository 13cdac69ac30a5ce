package dev.bridle.app;

import java.util.List;
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
 * nothing. Use it on the FX thread.
 */
public final class RowPages {

    /** Rows per page. */
    public static final int PAGE = 10_000;

    private List<EventRow> all = List.of();
    private final ReadOnlyListWrapper<EventRow> shown = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper pages = new ReadOnlyIntegerWrapper(1);
    private final ReadOnlyIntegerWrapper replaced = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper range = new ReadOnlyStringWrapper("");

    /** Replaces the rows (a new run) and shows the last page. */
    public void setAll(List<EventRow> rows) {
        all = List.copyOf(rows);
        pages.set(Math.max(1, (all.size() + PAGE - 1) / PAGE));
        show(pages.get() - 1);
        replaced.set(replaced.get() + 1);
    }

    /** Shows page {@code p} (0 is the first), kept within the pages there are. */
    public void show(int p) {
        int at = Math.clamp(p, 0, pages.get() - 1);
        int from = at * PAGE;
        shown.setAll(all.subList(from, Math.min(all.size(), from + PAGE)));
        page.set(at);
        range.set(pages.get() == 1 ? "" : String.format("events %,d–%,d of %,d", from + 1, from + shown.size(),
                all.size()));
    }

    /** Shows the page holding the first row that matches; returns its index in that page, or -1 when none does. */
    public int reveal(Predicate<EventRow> which) {
        for (int i = 0; i < all.size(); i++) {
            if (which.test(all.get(i))) {
                if (i / PAGE != page.get()) {
                    show(i / PAGE);
                }
                return i % PAGE;
            }
        }
        return -1;
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
        return all.size();
    }
}
