package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The events table holds a page of a long run at a time, the last one first. */
class RowPagesTest {

    private static List<EventRow> rows(long n) {
        return LongStream.rangeClosed(1, n).mapToObj(seq -> new EventRow(seq, (int) (seq / 5), "tool.completed",
                seq > 20_000 ? "review" : "code", "", "ok")).toList();
    }

    @Test
    void aLongRunShowsItsLastPageFirst() {
        RowPages pages = new RowPages();
        pages.setAll(rows(25_000));
        assertThat(pages.pagesProperty().get()).isEqualTo(3);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
        assertThat(pages.shown()).hasSize(5_000).first().extracting(EventRow::seq).isEqualTo(20_001L);
        assertThat(pages.rangeProperty().get()).isEqualTo("events 20,001–25,000 of 25,000");
        assertThat(pages.size()).isEqualTo(25_000);
    }

    @Test
    void revealingARowTurnsToItsPage() {
        RowPages pages = new RowPages();
        pages.setAll(rows(25_000));
        List<Integer> found = new ArrayList<>();
        pages.revealSeq(12_345, found::add);
        assertThat(found).containsExactly(2_344);
        assertThat(pages.pageProperty().get()).isEqualTo(1);
        assertThat(pages.shown().get(2_344).seq()).isEqualTo(12_345);
        pages.revealNode("review", found::add);
        assertThat(found).endsWith(0);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
        pages.revealNode("nowhere", found::add);
        pages.revealSeq(99_999, found::add);
        assertThat(found).endsWith(-1, -1);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
    }

    /** A source that answers when told to, as a store read on another thread does. */
    private static final class Later implements RowPages.Source {
        final List<EventRow> all;
        final List<Runnable> pending = new ArrayList<>();

        Later(List<EventRow> all) {
            this.all = all;
        }

        @Override
        public int size() {
            return all.size();
        }

        @Override
        public void read(int from, int count, Consumer<List<EventRow>> then) {
            pending.add(() -> then.accept(all.subList(from, Math.min(all.size(), from + count))));
        }

        @Override
        public void indexOf(long seq, IntConsumer then) {
            then.accept((int) seq - 1);
        }

        @Override
        public void firstAt(String node, IntConsumer then) {
            pending.add(() -> then.accept(node.equals("review") ? 20_000 : -1));
        }

        void answer() {
            List<Runnable> now = List.copyOf(pending);
            pending.clear();
            now.forEach(Runnable::run);
        }
    }

    /** Pages of a recorded run of 25,000 rows, its last page handed over with it as a finished run's is. */
    private static RowPages recorded(Later source) {
        RowPages pages = new RowPages();
        pages.set(source, source.all.subList(20_000, 25_000));
        return pages;
    }

    @Test
    void aRecordedRunShowsItsLastPageAtOnceAndReadsOthersWhenAsked() {
        Later source = new Later(rows(25_000));
        RowPages pages = recorded(source);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
        assertThat(pages.shown()).hasSize(5_000);
        assertThat(pages.rangeProperty().get()).isEqualTo("events 20,001–25,000 of 25,000");

        List<String> done = new ArrayList<>();
        pages.show(0, () -> done.add("first page"));
        assertThat(pages.pageProperty().get()).as("nothing changes before the page is read").isEqualTo(2);
        assertThat(done).isEmpty();
        source.answer();
        assertThat(pages.pageProperty().get()).isZero();
        assertThat(pages.shown().getFirst().seq()).isEqualTo(1L);
        assertThat(pages.rangeProperty().get()).isEqualTo("events 1–10,000 of 25,000");
        assertThat(done).containsExactly("first page");

        List<Integer> found = new ArrayList<>();
        pages.revealNode("review", found::add);
        source.answer(); // the node's first row: 20,001
        source.answer(); // its page
        assertThat(found).containsExactly(0);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
    }

    @Test
    void aPageReadForAnEarlierRequestDoesNotReplaceALaterOne() {
        Later source = new Later(rows(25_000));
        RowPages pages = recorded(source);
        List<String> done = new ArrayList<>();
        pages.show(0, () -> done.add("first"));
        pages.show(1, () -> done.add("second"));
        source.answer();
        assertThat(pages.pageProperty().get()).isEqualTo(1);
        assertThat(done).containsExactly("second");

        pages.show(0, () -> done.add("of the old run"));
        pages.setAll(rows(40)); // a new run before the page came
        source.answer();
        assertThat(pages.shown()).hasSize(40);
        assertThat(done).containsExactly("second");
    }

    @Test
    void aShortRunIsOnePageWithoutARange() {
        RowPages pages = new RowPages();
        pages.setAll(rows(40));
        assertThat(pages.shown()).hasSize(40);
        assertThat(pages.rangeProperty().get()).isEmpty();
        pages.show(5);
        assertThat(pages.pageProperty().get()).isZero();
    }
}
