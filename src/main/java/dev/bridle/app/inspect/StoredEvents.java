package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * A recorded run's events by sequence number for a replay on another thread: read a page at a time through the thread
 * that owns the store, and only the page in use kept, so that a replay to the millionth event holds 10,000 of them.
 * Fastest when asked in order.
 */
final class StoredEvents implements LongFunction<RunEvent> {

    private final RunInspection run;
    private final EventPages.Reader reader;
    private final Executor storeThread;
    private long pageFirst = 1;
    private List<RunEvent> page;

    StoredEvents(RunInspection run, EventPages.Reader reader, Executor storeThread) {
        this.run = run;
        this.reader = reader;
        this.storeThread = storeThread;
        this.page = run.events();
    }

    /** The event numbered {@code seq}, or {@code null} when the run has none; blocks while its page is read. */
    @Override
    public RunEvent apply(long seq) {
        if (seq < 1 || seq > run.total()) {
            return null;
        }
        long first = EventPages.pageOf(seq) * EventPages.SIZE + 1;
        if (first != pageFirst) {
            page = first == 1 ? run.events()
                    : CompletableFuture.supplyAsync(() -> reader.read(first, EventPages.SIZE), storeThread).join();
            pageFirst = first;
        }
        // Sequence numbers run 1, 2, 3… without gaps, so the event is at its offset in the page when it is there.
        int at = (int) (seq - first);
        if (at < page.size() && page.get(at).seq() == seq) {
            return page.get(at);
        }
        for (RunEvent e : page) {
            if (e.seq() == seq) {
                return e;
            }
        }
        return null;
    }
}
