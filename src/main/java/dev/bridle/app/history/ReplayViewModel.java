package dev.bridle.app.history;

import dev.bridle.event.RunEvent;
import dev.bridle.corpus.CorpusReport;
import dev.bridle.corpus.CorpusRun;
import dev.bridle.corpus.CorpusWhatIf;
import dev.bridle.export.RunJournal;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.store.Divergence;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * History › Replay the selection under…: the selected runs replayed offline under another harness, one row per run
 * (outcome before → after, decisions changed), and a run opened in History's side-by-side comparison, recorded on
 * the left and replayed on the right. The store is read on its own thread; the replay runs on all cores; results come
 * back to the FX thread once, and progress at most once per pulse.
 */
public final class ReplayViewModel {

    /** One replayed run in the summary table. */
    public record Row(RunSummary run, CorpusReport.RunReplay replay) {

        /** {@code completed → stopped by rule 'budget' at step 12}, or {@code same: completed …}. */
        public String change() {
            return replay.outcomeChanged() ? replay.before().text() + " → " + replay.after().text()
                    : "same: " + replay.after().text();
        }
    }

    private final Supplier<RunStore> store;
    private final Executor background;
    private final Consumer<HistoryViewModel.Comparison> show;
    private final int jobs;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    /** The recordings of the last replay, by run id, kept so that opening a run does not read the store again. */
    private final Map<String, RunJournal.Recorded> recorded = new HashMap<>();
    private Harness harness;
    /** Set off the FX thread, drained on it: at most one progress update waits at a time. */
    private volatile boolean progressQueued;
    private volatile double latestProgress;

    /**
     * @param show hands a run and its replay to History's comparison panes
     * @param jobs replay threads
     */
    public ReplayViewModel(Supplier<RunStore> store, Executor background, Consumer<HistoryViewModel.Comparison> show,
            int jobs) {
        this.store = store;
        this.background = background;
        this.show = show;
        this.jobs = jobs;
    }

    /** Reads {@code harnessFile} and replays {@code runs} under it; a harness with problems is one message. */
    public void replay(List<RunSummary> runs, Path harnessFile) {
        try {
            replay(runs, HarnessReader.read(harnessFile).harness());
        } catch (DocumentException e) {
            headline.set(harnessFile.getFileName() + " cannot be used: " + String.join("; ",
                    e.problems().stream().map(p -> p.render()).toList()));
        }
    }

    /** Replays {@code runs} under {@code harness}. */
    public void replay(List<RunSummary> runs, Harness other) {
        if (running.get()) {
            return;
        }
        running.set(true);
        rows.clear();
        progress.set(0);
        headline.set("replaying " + runs.size() + " runs under '" + other.name() + "'…");
        CompletableFuture.supplyAsync(() -> {
            // one pass on the store's thread; the replay then needs no store at all
            Map<String, RunJournal.Recorded> read = new HashMap<>();
            for (RunSummary s : runs) {
                read.put(s.id(), new RunJournal.Recorded(Optional.of(new RunJournal.Header(s.harness(), s.model(),
                        "")), store.get().events(s.id())));
            }
            return read;
        }, background).thenApplyAsync(read -> {
            List<CorpusRun> corpus = new ArrayList<>();
            for (RunSummary s : runs) {
                corpus.add(new CorpusRun() {
                    @Override
                    public String id() {
                        return s.id();
                    }

                    @Override
                    public Optional<RunJournal.Recorded> load() {
                        return Optional.of(read.get(s.id()));
                    }
                });
            }
            try {
                return Map.entry(read, CorpusWhatIf.replay(other, corpus, jobs, this::progressed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }).whenComplete((done, failure) -> Platform.runLater(() -> {
            running.set(false);
            if (failure != null) {
                Throwable why = failure.getCause() == null ? failure : failure.getCause();
                headline.set("the replay failed: " + why.getMessage());
                return;
            }
            harness = other;
            recorded.clear();
            recorded.putAll(done.getKey());
            CorpusReport report = done.getValue();
            Map<String, RunSummary> byId = new HashMap<>();
            runs.forEach(s -> byId.put(s.id(), s));
            rows.setAll(report.runs().stream().map(r -> new Row(byId.get(r.id()), r)).toList());
            progress.set(1);
            headline.set(report.headline() + "; decisions change in " + report.decisionChanges().size()
                    + (report.undecidable().isEmpty() ? "" : "; " + report.undecidable().size()
                            + " can no longer be decided offline"));
        }));
    }

    private void progressed(int done, int total) {
        latestProgress = total == 0 ? 1 : (double) done / total;
        if (!progressQueued) {
            progressQueued = true;
            Platform.runLater(() -> {
                progressQueued = false;
                progress.set(latestProgress);
            });
        }
    }

    /** Opens {@code row}'s run in History's comparison: the recording on the left, the replay on the right. */
    public void open(Row row) {
        RunJournal.Recorded rec = recorded.get(row.run().id());
        if (rec == null || harness == null) {
            return;
        }
        Harness h = harness;
        CompletableFuture.supplyAsync(() -> WhatIf.run(h, rec).events()).thenAccept(now -> {
            CorpusReport.Ending after = row.replay().after();
            RunSummary run = row.run();
            RunSummary replayed = new RunSummary("what-if:" + run.id(), h.name(), "", "what-if", run.startedAt(),
                    Optional.empty(), Outcome.ofWord(after.outcome()), after.text(), after.rule(), after.step());
            HistoryViewModel.Comparison c = new HistoryViewModel.Comparison(run, replayed, rec.events(), now,
                    firstDivergence(rec.events(), now));
            Platform.runLater(() -> show.accept(c));
        });
    }

    /**
     * The first decision that differs (the what-if's divergence), as a position in the replay: the recording's
     * model requests can differ in size alone (the store keeps no task text), which is no divergence of policy.
     */
    static Optional<Divergence> firstDivergence(List<RunEvent> left, List<RunEvent> right) {
        List<RunEvent> l = left.stream().filter(e -> !WhatIf.decisions(List.of(e)).isEmpty()).toList();
        List<RunEvent> r = right.stream().filter(e -> !WhatIf.decisions(List.of(e)).isEmpty()).toList();
        for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
            Optional<RunEvent> a = i < l.size() ? Optional.of(l.get(i)) : Optional.empty();
            Optional<RunEvent> b = i < r.size() ? Optional.of(r.get(i)) : Optional.empty();
            if (a.isEmpty() || b.isEmpty() || !WhatIf.decisions(List.of(a.get()))
                    .equals(WhatIf.decisions(List.of(b.get())))) {
                long seq = b.or(() -> a).map(RunEvent::seq).orElseThrow();
                return Optional.of(new Divergence(seq, a, b));
            }
        }
        return Optional.empty();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
