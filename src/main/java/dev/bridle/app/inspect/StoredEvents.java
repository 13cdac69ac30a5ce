package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A recorded run's events by sequence number for a replay on another thread: read a page at a time through the thread
 * that owns the store, and only the page in use kept (and the first one read, which holds the event the replay is
 * for), so that a replay to the millionth event holds 20,000 of them. Fastest when asked in order.
 *
 * <p>It never throws: an event it cannot give is {@code null}, and {@link #problem()} says why when the store failed.
 * While it waits for the store's thread (which may be running a scenario) it gives up as soon as {@code cancelled}
 * says so.
 */
final class StoredEvents implements LongFunction<RunEvent> {

    private final RunInspection run;
    private final EventPages.Reader reader;
    private final Executor storeThread;
    private final BooleanSupplier cancelled;
    private long pageFirst = 1;
    private List<RunEvent> page;
    private long keptFirst;
    private List<RunEvent> kept;
    private String problem;

    StoredEvents(RunInspection run, EventPages.Reader reader, Executor storeThread, BooleanSupplier cancelled) {
        this.run = run;
        this.reader = reader;
        this.storeThread = storeThread;
        this.cancelled = cancelled;
        this.page = run.events();
    }

    /** Why the store could not give an event, if it could not. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The event numbered {@code seq}, or {@code null} when the run has none or it cannot be read now. */
    @Override
    public RunEvent apply(long seq) {
        if (seq < 1 || seq > run.total() || problem != null) {
            return null;
        }
        long first = EventPages.pageOf(seq) * EventPages.SIZE + 1;
        if (first != pageFirst) {
            List<RunEvent> read = first == 1 ? run.events() : first == keptFirst ? kept : read(first);
            if (read == null) {
                return null;
            }
            if (kept == null && first != 1) {
                keptFirst = first;
                kept = read;
            }
            page = read;
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

    private List<RunEvent> read(long first) {
        CompletableFuture<List<RunEvent>> f;
        try {
            f = CompletableFuture.supplyAsync(() -> reader.read(first, EventPages.SIZE), storeThread);
        } catch (RejectedExecutionException e) {
            problem = "the run store is closed";
            return null;
        }
        while (!cancelled.getAsBoolean()) {
            try {
                return f.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the store's thread is busy (a run): wait on, unless the selection moves
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problem = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "the inspector is closed";
                return null;
            }
        }
        f.cancel(false);
        return null;
    }
}
