package dev.bridle.app.history;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import dev.bridle.store.Divergence;
import dev.bridle.store.RunFilter;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Run history from the store: the run list filtered by harness, outcome and date, deleting runs, and two runs compared
 * side by side with their first divergence. Every store call runs on the background executor (the one thread that
 * owns the store); results come back to the FX thread once per call.
 */
public final class HistoryViewModel {

    /** Two runs side by side. */
    public record Comparison(RunSummary left, RunSummary right, List<RunEvent> leftEvents,
            List<RunEvent> rightEvents, Optional<Divergence> divergence) {}

    private final Supplier<RunStore> store;
    private final Executor background;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ObjectProperty<String> harness = new SimpleObjectProperty<>();
    private final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final AtomicReference<RunStore.RunsMark> seen = new AtomicReference<>();
    private final AtomicBoolean polling = new AtomicBoolean();

    public HistoryViewModel(Supplier<RunStore> store, Executor background) {
        this.store = store;
        this.background = background;
    }

    RunFilter filter() {
        RunFilter f = RunFilter.all();
        if (harness.get() != null && !harness.get().isBlank()) {
            f = f.harness(harness.get());
        }
        if (outcome.get() != null) {
            f = f.outcome(outcome.get());
        }
        if (from.get() != null || to.get() != null) {
            Instant start = from.get() == null ? Instant.EPOCH : from.get().atStartOfDay(ZoneId.systemDefault())
                    .toInstant();
            Instant end = to.get() == null ? Instant.parse("9999-01-01T00:00:00Z")
                    : to.get().plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
            f = f.startedBetween(start, end);
        }
        return f;
    }

    /**
     * Keeps the list current while other writers (gateways, the CLI, other people's workbenches on a shared store) add
     * and end runs: every {@code every}, a daemon thread asks the store for its {@link RunStore#mark() mark} on the
     * background executor and reads the list again only when the mark moved. Close the returned handle to stop.
     */
    public AutoCloseable watch(Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bridle-history-watch").daemon().factory());
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** Reads the store's mark on the background executor; refreshes the list if it moved since the last read. */
    void poll() {
        // One poll at a time: a slow store must not pile polls up on the background thread.
        // Nothing to compare with before the list was first read; and no poll opens the store before that.
        if (seen.get() == null || !polling.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                RunStore.RunsMark mark = store.get().mark();
                RunStore.RunsMark before = seen.get();
                if (before != null && !before.equals(mark)) {
                    refresh();
                }
            } catch (RuntimeException e) {
                // A store that cannot be read now (closed, server away) is reported by the next refresh.
            } finally {
                polling.set(false);
            }
        });
    }

    /** Reads the run list again with the current filters. */
    public void refresh() {
        RunFilter f = filter();
        background.execute(() -> {
            try {
                // The mark first: a run added between the two reads is then seen by the next poll, not lost.
                seen.set(store.get().mark());
                List<RunSummary> list = store.get().runs(f);
                Platform.runLater(() -> {
                    runs.setAll(list);
                    message.set(list.size() + " runs");
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> message.set(String.valueOf(e.getMessage())));
            }
        });
    }

    /** Deletes runs, then reads the list again. */
    public void delete(List<RunSummary> selected) {
        List<String> ids = selected.stream().map(RunSummary::id).toList();
        background.execute(() -> {
            int n = store.get().delete(ids);
            Platform.runLater(() -> {
                message.set("deleted " + n + " runs");
                refresh();
            });
        });
    }

    /** Compares two runs: both event lists and the first event where they differ. */
    public void compare(RunSummary left, RunSummary right) {
        background.execute(() -> {
            RunStore s = store.get();
            Comparison c = new Comparison(left, right, s.events(left.id()), s.events(right.id()),
                    s.firstDivergence(left.id(), right.id()));
            Platform.runLater(() -> {
                comparison.set(c);
                message.set(c.divergence().map(d -> "first divergence at event " + d.seq())
                        .orElse("the runs do not differ (timestamps aside)"));
            });
        });
    }

    /** Shows two event lists in the comparison panes (a run and its replay under another harness). */
    public void show(Comparison c) {
        comparison.set(c);
        message.set(c.divergence().map(d -> "first divergence at event " + d.seq())
                .orElse("the runs do not differ (timestamps aside)"));
    }

    /** A replay of runs of this store under another harness, shown in these comparison panes. */
    public ReplayViewModel replayer() {
        return new ReplayViewModel(store, background, this::show, Runtime.getRuntime().availableProcessors());
    }

    /** Reads a run's events off the FX thread and hands them to {@code use} on it (what-if replays them). */
    public void eventsOf(RunSummary run, java.util.function.Consumer<List<RunEvent>> use) {
        background.execute(() -> {
            List<RunEvent> events = store.get().events(run.id());
            Platform.runLater(() -> use.accept(events));
        });
    }

    public ObservableList<RunSummary> runs() {
        return runs;
    }

    public ObjectProperty<String> harnessFilter() {
        return harness;
    }

    public ObjectProperty<Outcome> outcomeFilter() {
        return outcome;
    }

    public ObjectProperty<LocalDate> fromFilter() {
        return from;
    }

    public ObjectProperty<LocalDate> toFilter() {
        return to;
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
