package dev.bridle.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A long recording read by number for a replay: a page at a time, each once, never blocking past a cancel. */
class StoredEventsTest {

    private static final long TOTAL = 35_000;
    private final ExecutorService storeThread = Executors.newSingleThreadExecutor();
    private final List<Long> reads = new ArrayList<>();

    @AfterEach
    void stop() {
        storeThread.shutdownNow();
    }

    private static RunEvent event(long seq) {
        return new RunEvent.NodeEntered(seq, Instant.EPOCH, (int) seq, "work", "worker");
    }

    private static RunInspection run() {
        List<RunEvent> first = LongStream.rangeClosed(1, RunInspection.PAGE).mapToObj(StoredEventsTest::event).toList();
        return new RunInspection("r", first, TOTAL, List.of(), List.of(), List.of(), List.of("run"), false);
    }

    private List<RunEvent> page(long from, int limit) {
        synchronized (reads) {
            reads.add(from);
        }
        return LongStream.range(from, Math.min(TOTAL + 1, from + limit)).mapToObj(StoredEventsTest::event).toList();
    }

    @Test
    void theEventAndThenTheRunFromItsStartAreReadOncePerPage() {
        StoredEvents events = new StoredEvents(run(), this::page, storeThread, () -> false);

        assertThat(events.apply(25_001)).isEqualTo(event(25_001)); // the event a replay is for, first
        for (long seq = 1; seq <= 25_001; seq++) {
            assertThat(events.apply(seq)).isEqualTo(event(seq));
        }

        assertThat(reads).containsExactly(20_001L, 10_001L); // page 1 is the inspection's; 20,001 was kept
        assertThat(events.apply(TOTAL + 1)).isNull();
        assertThat(events.apply(0)).isNull();
        assertThat(events.problem()).isEmpty();
    }

    @Test
    void aReadWaitingForABusyStoreGivesUpWhenCancelled() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        storeThread.execute(() -> {
            try {
                busy.await(); // a run holds the store's thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicBoolean cancelled = new AtomicBoolean();
        StoredEvents events = new StoredEvents(run(), this::page, storeThread, cancelled::get);
        var waiting = Executors.newSingleThreadExecutor().submit(() -> events.apply(12_000));

        Thread.sleep(300);
        assertThat(waiting.isDone()).isFalse();
        cancelled.set(true);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(events.problem()).isEmpty();
        busy.countDown();
    }

    @Test
    void aStoreThatFailsIsAProblemNotAnException() {
        StoredEvents events = new StoredEvents(run(), (from, limit) -> {
            throw new dev.bridle.store.StoreException("the disk is gone", null);
        }, storeThread, () -> false);

        assertThat(events.apply(12_000)).isNull();
        assertThat(events.problem()).contains("the disk is gone");
        storeThread.shutdown();
        StoredEvents closed = new StoredEvents(run(), this::page, storeThread, () -> false);
        assertThat(closed.apply(12_000)).isNull();
        assertThat(closed.problem()).contains("the run store is closed");
    }
}
