package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The events of a long run a page at a time, for the timeline: the pages in view are read off the FX thread when they
 * are first drawn and kept in a small cache, so that what a frame costs follows the screen, not the run. Use it on the
 * FX thread; only {@link Reader#read} runs on the background executor.
 */
public final class EventPages {

    /** Events per page; page 0 is the inspection's first page. */
    public static final int SIZE = RunInspection.PAGE;
    /** Pages kept besides the first; the most zoomed-out timeline on a wide screen shows up to about 40. */
    static final int KEPT = 48;

    /** Reads up to {@code limit} events of the run from {@code fromSeq} on; called on the background executor. */
    @FunctionalInterface
    public interface Reader {
        List<RunEvent> read(long fromSeq, int limit);
    }

    private final RunInspection run;
    private final Reader reader;
    private final Executor background;
    private final Executor fx;
    private final Map<Long, List<RunEvent>> pages = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<RunEvent>> eldest) {
            return size() > KEPT;
        }
    };
    private final Set<Long> loading = new HashSet<>();
    // The pages in view, written on the FX thread, read by queued reads to skip pages the view has left.
    private volatile long viewFirst;
    private volatile long viewLast;
    private Runnable onLoaded = () -> {};

    private EventPages(RunInspection run, Reader reader, Executor background, Executor fx) {
        this.run = run;
        this.reader = reader;
        this.background = background;
        this.fx = fx;
    }

    /** Only the inspection's first page: nothing is read. */
    public static EventPages firstOnly(RunInspection run) {
        return new EventPages(run, null, null, null);
    }

    /** Pages read by {@code reader} on {@code background}, handed back through {@code fx} (the FX thread). */
    public static EventPages reading(RunInspection run, Reader reader, Executor background, Executor fx) {
        return new EventPages(run, reader, background, fx);
    }

    /** Whether pages beyond the first are read; without a reader only the first is ever shown. */
    public boolean readsPages() {
        return reader != null;
    }

    /** Called on the FX thread when a page has arrived, to draw again. */
    public void setOnLoaded(Runnable onLoaded) {
        this.onLoaded = onLoaded;
    }

    static long pageOf(long seq) {
        return Math.max(0, (seq - 1) / SIZE);
    }

    private List<RunEvent> loaded(long page) {
        return page == 0 ? run.events() : pages.get(page);
    }

    /**
     * Gives {@code use} every loaded event with {@code from <= seq <= to}, in order, and asks for the pages of that
     * range that are not loaded yet (they are drawn when they arrive).
     *
     * @return whether every page of the range was loaded
     */
    public boolean forEach(long from, long to, Consumer<RunEvent> use) {
        long first = pageOf(Math.max(1, from));
        long last = Math.min(pageOf(Math.max(1, to)), pageOf(Math.max(1, run.total())));
        if (last - first >= KEPT) {
            last = first + KEPT - 1;
        }
        viewFirst = first;
        viewLast = last;
        boolean whole = true;
        for (long p = first; p <= last; p++) {
            List<RunEvent> events = loaded(p);
            if (events == null) {
                whole = false;
                request(p, false, null);
                continue;
            }
            for (RunEvent e : events) {
                if (e.seq() >= from && e.seq() <= to) {
                    use.accept(e);
                }
            }
        }
        return whole;
    }

    /** The loaded page holding {@code seq}, if it is loaded. */
    public Optional<List<RunEvent>> pageHolding(long seq) {
        return Optional.ofNullable(loaded(pageOf(seq)));
    }

    /**
     * Calls {@code use} with the page holding {@code seq}: now when it is loaded, else once it is read. Without a
     * reader it gets the first page.
     */
    public void withPageHolding(long seq, Consumer<List<RunEvent>> use) {
        long page = pageOf(seq);
        List<RunEvent> events = loaded(page);
        if (events != null || reader == null) {
            use.accept(events != null ? events : run.events());
        } else {
            request(page, true, use);
        }
    }

    private void request(long page, boolean wanted, Consumer<List<RunEvent>> then) {
        if (reader == null || (loading.contains(page) && then == null)) {
            return;
        }
        loading.add(page);
        background.execute(() -> {
            // Reads queue on the one store thread; a page the view has left meanwhile is not worth reading.
            boolean inView = page >= viewFirst - 1 && page <= viewLast + 1;
            List<RunEvent> read = null;
            try {
                read = wanted || inView ? reader.read(page * SIZE + 1, SIZE) : null;
            } catch (RuntimeException e) {
                // The store went away (the window is closing); the page is asked for again when drawn again.
            }
            List<RunEvent> events = read;
            fx.execute(() -> {
                loading.remove(page);
                if (events != null) {
                    pages.put(page, List.copyOf(events));
                    onLoaded.run();
                }
                if (then != null) {
                    then.accept(events == null ? run.events() : pages.getOrDefault(page, events));
                }
            });
        });
    }

    /** Pages held now, the first included; for tests. */
    int held() {
        return pages.size() + 1;
    }
}
