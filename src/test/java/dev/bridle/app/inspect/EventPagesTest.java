package dev.bridle.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.store.Durability;
import dev.bridle.store.EventQuery;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStart;
import dev.bridle.store.RunStore;
import dev.bridle.store.SyntheticRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline reads a long run a page at a time, as the view reaches it. */
class EventPagesTest {

    @TempDir
    static Path dir;

    static RunStore store;
    static RunInspection run;

    @BeforeAll
    static void recordALongRun() {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        SyntheticRun synthetic = SyntheticRun.withDecisions(start);
        try (Recording r = store.begin(new RunStart("long", "synthetic", "0".repeat(64), "mock:synthetic", start),
                Durability.BATCHED)) {
            synthetic.begin(r::accept);
            while (synthetic.lastSeq() < 35_000) {
                synthetic.step(r::accept);
            }
            synthetic.end(r::accept);
        }
        run = RunInspection.read(store, "long", 600);
    }

    private EventPages pages(AtomicInteger reads, List<Runnable> fx) {
        return EventPages.reading(run, (from, limit) -> {
            reads.incrementAndGet();
            return store.events("long", EventQuery.from(from, limit));
        }, Runnable::run, fx::add);
    }

    @Test
    void theInspectionKnowsTheWholeLengthButHoldsOnlyTheFirstPage() {
        assertThat(run.total()).isGreaterThan(35_000);
        assertThat(run.events()).hasSize(RunInspection.PAGE);
        assertThat(run.compactions()).hasSizeGreaterThan(RunInspectorView.NAMED_COMPACTIONS);
    }

    @Test
    void aRangeBeyondTheFirstPageIsReadOnceAndThenDrawn() {
        AtomicInteger reads = new AtomicInteger();
        List<Runnable> fx = new ArrayList<>();
        EventPages pages = pages(reads, fx);
        AtomicInteger redraws = new AtomicInteger();
        pages.setOnLoaded(redraws::incrementAndGet);
        List<Long> seen = new ArrayList<>();

        assertThat(pages.forEach(25_001, 25_100, e -> seen.add(e.seq()))).isFalse();
        assertThat(pages.forEach(25_001, 25_100, e -> seen.add(e.seq()))).isFalse(); // asked again while reading
        assertThat(seen).isEmpty();
        assertThat(reads).hasValue(1);
        fx.forEach(Runnable::run);

        assertThat(redraws).hasValue(1);
        assertThat(pages.forEach(25_001, 25_100, e -> seen.add(e.seq()))).isTrue();
        assertThat(seen).hasSize(100).startsWith(25_001L).endsWith(25_100L);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aPageTheViewHasLeftBeforeItsTurnIsNotRead() {
        AtomicInteger reads = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        List<Runnable> fx = new ArrayList<>();
        EventPages pages = EventPages.reading(run, (from, limit) -> {
            reads.incrementAndGet();
            return store.events("long", EventQuery.from(from, limit));
        }, queued::add, fx::add);

        pages.forEach(10_001, 10_100, e -> {});   // page 1, queued on the store thread
        pages.forEach(30_001, 30_100, e -> {});   // the view moved on to page 3 before it ran
        queued.forEach(Runnable::run);
        fx.forEach(Runnable::run);

        assertThat(reads).hasValue(1);
        assertThat(pages.pageHolding(30_050)).isPresent();
        assertThat(pages.pageHolding(10_050)).isEmpty();
    }

    @Test
    void theEventsBeforeASelectionAreReadForItsWhy() {
        AtomicInteger reads = new AtomicInteger();
        List<Runnable> fx = new ArrayList<>();
        EventPages pages = pages(reads, fx);
        List<List<RunEvent>> given = new ArrayList<>();

        pages.withPageHolding(5, given::add);
        pages.withPageHolding(20_500, given::add);
        fx.forEach(Runnable::run);

        assertThat(given).hasSize(2);
        assertThat(given.get(0)).isSameAs(run.events());
        assertThat(given.get(1)).extracting(RunEvent::seq).contains(20_499L, 20_500L);
    }

    @Test
    void withoutAReaderOnlyTheFirstPageIsShown() {
        EventPages pages = EventPages.firstOnly(run);
        List<Long> seen = new ArrayList<>();
        assertThat(pages.forEach(9_990, 10_020, e -> seen.add(e.seq()))).isFalse();
        assertThat(seen).containsExactly(9_990L, 9_991L, 9_992L, 9_993L, 9_994L, 9_995L, 9_996L, 9_997L, 9_998L,
                9_999L, 10_000L);
    }
}
