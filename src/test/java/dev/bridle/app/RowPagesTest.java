package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        assertThat(pages.reveal(r -> r.seq() == 12_345)).isEqualTo(2_344);
        assertThat(pages.pageProperty().get()).isEqualTo(1);
        assertThat(pages.shown().get(2_344).seq()).isEqualTo(12_345);
        assertThat(pages.reveal(r -> r.node().equals("review"))).isEqualTo(0);
        assertThat(pages.pageProperty().get()).isEqualTo(2);
        assertThat(pages.reveal(r -> r.node().equals("nowhere"))).isEqualTo(-1);
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
