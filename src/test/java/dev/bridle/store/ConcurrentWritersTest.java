package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several writers on one store at once, as several gateways, the workbench and the CLI are: four stores opened on the
 * same URL (each its own connections and writer thread, as four processes would have), each recording runs, while a
 * fifth store reads. Nothing is lost, nothing is reordered, and the reader never sees a run's events with a gap.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class ConcurrentWritersTest {

    private static final int WRITERS = 4;
    private static final int RUNS_EACH = 3;
    private static final int EVENTS = 2_000;

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    @Test
    void fourWritersAndAReaderLoseAndReorderNothing() throws Exception {
        String url = kind.url(dir);
        RunStore.open(url).close();
        List<RunEvent> events = SyntheticRun.of(EVENTS, Instant.parse("2026-12-01T09:00:00Z"));
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> gaps = new CopyOnWriteArrayList<>();
        Map<String, Integer> lengthsSeen = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        // The writers start once the reader's store is open (opening checks the schema, which takes longer than
        // recording a few thousand events in blocks).
        CountDownLatch go = new CountDownLatch(2);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                try (RunStore store = RunStore.open(url)) {
                    go.await();
                    for (int r = 0; r < RUNS_EACH; r++) {
                        try (Recording rec = store.begin(RecordingTest.start("w" + writer + "-r" + r),
                                Durability.BATCHED)) {
                            events.forEach(rec::accept);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Thread reader = Thread.ofPlatform().name("reader").start(() -> {
            try (RunStore store = RunStore.open(url)) {
                go.countDown();
                go.await();
                boolean more;
                do {
                    more = writing.get();
                    for (RunSummary run : store.runs()) {
                        List<RunEvent> read = store.events(run.id());
                        for (int i = 0; i < read.size(); i++) {
                            if (!read.get(i).equals(events.get(i))) {
                                gaps.add(run.id() + " at " + i + ": " + read.get(i));
                                break;
                            }
                        }
                        lengthsSeen.merge(run.id(), read.size(), Math::max);
                    }
                } while (more);
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        go.countDown();
        for (Thread t : writers) {
            t.join();
        }
        writing.set(false);
        reader.join();
        assertThat(failures).isEmpty();
        assertThat(gaps).as("what the reader saw while the writers wrote").isEmpty();
        assertThat(lengthsSeen).as("the reader saw runs being written").isNotEmpty();
        try (RunStore store = RunStore.open(url)) {
            List<RunSummary> runs = store.runs();
            RunEvent.RunEnded ended = (RunEvent.RunEnded) events.getLast();
            assertThat(runs).hasSize(WRITERS * RUNS_EACH);
            for (RunSummary run : runs) {
                assertThat(run.outcome()).as(run.id()).contains(ended.outcome());
                assertThat(store.events(run.id())).as(run.id()).containsExactlyElementsOf(events);
                assertThat(store.contextSeries(run.id(), 1).getFirst().requests()).as(run.id())
                        .isEqualTo((int) events.stream().filter(RunEvent.ModelRequested.class::isInstance).count());
            }
        }
    }
}
