package dev.bridle.app;

import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Problem;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of the workbench window: the harnesses of the folder, the selected harness and scenario with their
 * problems, and the last run with its events.
 *
 * <p>Call every method on the FX thread. Reading documents is done where it is asked for (they are small); a run
 * goes to one background thread, which also owns the run store. When the run ends, its last page of events comes
 * back in one batch; other pages, and the events "Why?" and what-if need, are read from the store when asked for.
 */
public final class MainViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private WorkbenchConfig config;
    private ProjectFolder folder;
    private final ReadOnlyObjectWrapper<Path> folderPath = new ReadOnlyObjectWrapper<>();
    private final ExecutorService background;
    /** Opened by the first run and kept for the window's life; touched only on the background thread. */
    private RunStore store;
    private volatile boolean closed;

    private final ReadOnlyListWrapper<Path> harnessFiles =
            new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyObjectWrapper<Path> selectedHarness = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HarnessReader.Loaded> harness = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyListWrapper<Path> scenarioFiles =
            new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyObjectWrapper<Path> selectedScenario = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ScenarioReader.Loaded> scenario = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyListWrapper<String> problems = new ReadOnlyListWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(Status.neutral(""));
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper();
    private final RowPages rows = new RowPages();
    private final ReadOnlyStringWrapper lastRun = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunResult> lastResult = new ReadOnlyObjectWrapper<>();
    /** The model binding runs use: {@code mock} plays the scenario's script; others are live models. */
    private final javafx.beans.property.StringProperty binding =
            new javafx.beans.property.SimpleStringProperty(dev.bridle.app.run.RecentBindings.MOCK);
    /**
     * The events the table shows, when they are held in memory (a test's run); {@code null} when they are those of
     * {@link #shownRunId}, read from the run store when they are needed.
     */
    private List<dev.bridle.event.RunEvent> heldEvents = List.of();
    private String shownRunId;
    private RunSource shownSource = new RunSource(null, null);
    private final ReadOnlyBooleanWrapper hasEvents = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<dev.bridle.app.inspect.RunInspection> lastInspection =
            new ReadOnlyObjectWrapper<>();
    /** Who answers a live run's questions once the scenario's script has no answer left. */
    private dev.bridle.engine.Approver person = q -> new dev.bridle.engine.Approver.Answer(false, "nobody to ask");

    private List<Problem> harnessProblems = List.of();
    private List<Problem> scenarioProblems = List.of();
    private String folderProblem;

    /** A view model on {@code config}'s folder, running on its own background thread. */
    public MainViewModel(WorkbenchConfig config) {
        this(config, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bridle-run");
            t.setDaemon(true);
            return t;
        }));
    }

    MainViewModel(WorkbenchConfig config, ExecutorService background) {
        this.config = config;
        this.folder = new ProjectFolder(config.folder());
        this.folderPath.set(config.folder());
        this.background = background;
        canRun.bind(running.not().and(harness.isNotNull()).and(scenario.isNotNull()));
        reload();
    }

    public WorkbenchConfig config() {
        return config;
    }

    /** The harness files of the folder, sorted by name. */
    public ReadOnlyListProperty<Path> harnessFiles() {
        return harnessFiles.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> selectedHarnessProperty() {
        return selectedHarness.getReadOnlyProperty();
    }

    /** The selected harness as read, or {@code null} when it has problems (see {@link #problems()}). */
    public ReadOnlyObjectProperty<HarnessReader.Loaded> harnessProperty() {
        return harness.getReadOnlyProperty();
    }

    /** The scenarios of the selected harness, sorted by name. */
    public ReadOnlyListProperty<Path> scenarioFiles() {
        return scenarioFiles.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> selectedScenarioProperty() {
        return selectedScenario.getReadOnlyProperty();
    }

    /** The selected scenario as read, or {@code null} when it has problems or there is none. */
    public ReadOnlyObjectProperty<ScenarioReader.Loaded> scenarioProperty() {
        return scenario.getReadOnlyProperty();
    }

    /** Why the selected harness or scenario cannot be used, one {@code FILE:LINE:COL: message} line each. */
    public ReadOnlyListProperty<String> problems() {
        return problems.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Whether {@link #run()} would start a run: both documents are usable and no run is going on. */
    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    /** The events of the last run, read back from the run store: the page of them shown in the events table. */
    public ReadOnlyListProperty<EventRow> events() {
        return rows.shown();
    }

    /** All the events of the last run, a page at a time. */
    public RowPages rows() {
        return rows;
    }

    /**
     * A one-line description of the run shown: what ran, how many events, and whether the scenario's expectations
     * held (for a run opened from History: when it ran, and its outcome).
     */
    public ReadOnlyStringProperty lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    /** The project folder shown; it changes with {@link #openFolder}. */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folderPath.getReadOnlyProperty();
    }

    /** Shows another project folder. */
    public void openFolder(Path newFolder) {
        config = new WorkbenchConfig(newFolder, config.databaseUrl(), config.open(), config.scenario());
        folder = new ProjectFolder(newFolder);
        folderPath.set(newFolder);
        selectedHarness.set(null);
        reload();
    }

    /** Lists the folder again and rereads the selected harness and scenario, keeping the selection where it can. */
    public void reload() {
        Path keepHarness = selectedHarness.get();
        Path keepScenario = selectedScenario.get();
        List<Path> files = List.of();
        folderProblem = null;
        if (!folder.exists()) {
            folderProblem = "the folder " + config.folder().toAbsolutePath()
                    + " does not exist; start Bridle with --folder=PATH";
        } else {
            try {
                files = folder.harnessFiles();
            } catch (IOException e) {
                folderProblem = "cannot list the folder " + config.folder() + ": " + e.getMessage();
            }
        }
        harnessFiles.setAll(files);
        if (files.isEmpty()) {
            load(null, null);
        } else {
            Path first = files.stream().filter(f -> f.getFileName().toString().equals(config.open())).findFirst()
                    .orElse(files.getFirst());
            Path harnessFile = keepHarness != null && files.contains(keepHarness) ? keepHarness : first;
            // On opening, the configured scenario (the README's walkthrough) rather than the first by name.
            Path scenario = keepScenario != null ? keepScenario
                    : folder.scenarioFolder(harnessFile).resolve(config.scenario());
            load(harnessFile, scenario);
        }
    }

    /** Selects a harness of the folder and, of its scenarios, the first. */
    public void selectHarness(Path harnessFile) {
        if (harnessFile != null && !harnessFile.equals(selectedHarness.get()) && harnessFiles.contains(harnessFile)) {
            load(harnessFile, null);
        }
    }

    /** Selects one of the selected harness's scenarios. */
    public void selectScenario(Path scenarioFile) {
        if (scenarioFile != null && !scenarioFile.equals(selectedScenario.get())
                && scenarioFiles.contains(scenarioFile)) {
            loadScenario(scenarioFile);
            showReadiness();
        }
    }

    private void load(Path harnessFile, Path preferredScenario) {
        selectedHarness.set(harnessFile);
        harnessProblems = List.of();
        HarnessReader.Loaded loaded = null;
        List<Path> scenarios = List.of();
        if (harnessFile != null) {
            try {
                loaded = HarnessReader.read(harnessFile);
            } catch (DocumentException e) {
                harnessProblems = e.problems();
            }
            try {
                scenarios = folder.scenarioFiles(harnessFile);
            } catch (IOException e) {
                LOG.warn("cannot list the scenarios of {}: {}", harnessFile, e.getMessage());
            }
        }
        harness.set(loaded);
        scenarioFiles.setAll(scenarios);
        Path first = scenarios.isEmpty() ? null : scenarios.getFirst();
        loadScenario(preferredScenario != null && scenarios.contains(preferredScenario) ? preferredScenario : first);
        showReadiness();
    }

    private void loadScenario(Path scenarioFile) {
        selectedScenario.set(scenarioFile);
        scenarioProblems = List.of();
        ScenarioReader.Loaded loaded = null;
        if (scenarioFile != null) {
            try {
                loaded = ScenarioReader.read(scenarioFile);
            } catch (DocumentException e) {
                scenarioProblems = e.problems();
            }
        }
        scenario.set(loaded);
        List<String> lines = new ArrayList<>();
        harnessProblems.forEach(p -> lines.add(p.render()));
        scenarioProblems.forEach(p -> lines.add(p.render()));
        problems.setAll(lines);
    }

    /** Says in the status line whether the selection can run, and if not, why; a running run keeps the line. */
    private void showReadiness() {
        if (running.get()) {
            return;
        }
        Path h = selectedHarness.get();
        Path s = selectedScenario.get();
        if (folderProblem != null) {
            status.set(Status.danger(folderProblem));
        } else if (h == null) {
            status.set(Status.neutral("no harness files (*.harness.yaml) in " + config.folder()));
        } else if (!harnessProblems.isEmpty()) {
            status.set(Status.danger(h.getFileName() + " cannot be used: " + count(harnessProblems.size(), "problem")
                    + "; fix the file and press Reload"));
        } else if (s == null) {
            status.set(Status.neutral("no scenarios for " + ProjectFolder.harnessName(h) + ": add one to "
                    + folder.scenarioFolder(h)));
        } else if (!scenarioProblems.isEmpty()) {
            status.set(Status.danger("scenario " + ProjectFolder.scenarioName(s) + " cannot be used: "
                    + count(scenarioProblems.size(), "problem")));
        } else {
            List<Problem> warnings = harness.get().warnings();
            String ready = "ready: " + ProjectFolder.harnessName(h) + " with scenario " + ProjectFolder.scenarioName(s);
            status.set(Status.neutral(warnings.isEmpty() ? ready
                    : ready + " (" + count(warnings.size(), "warning") + ": " + warnings.getFirst().message() + ")"));
        }
    }

    private static String count(int n, String word) {
        return String.format("%,d", n) + " " + word + (n == 1 ? "" : "s");
    }

    /** Runs the selected scenario against the selected harness in the background; does nothing if it cannot run. */
    public void run() {
        if (!canRun.get() || closed) {
            return;
        }
        HarnessReader.Loaded h = harness.get();
        ScenarioReader.Loaded s = scenario.get();
        String modelBinding = binding.get() == null || binding.get().isBlank()
                ? dev.bridle.app.run.RecentBindings.MOCK : binding.get().strip();
        try {
            dev.bridle.model.ModelBinding.parse(modelBinding);
        } catch (IllegalArgumentException e) {
            status.set(Status.danger(e.getMessage()));
            return;
        }
        String title = h.harness().name() + " with " + s.scenario().name()
                + (modelBinding.equals(dev.bridle.app.run.RecentBindings.MOCK) ? "" : " on " + modelBinding);
        running.set(true);
        status.set(Status.busy("running " + title + "…"));
        Task<Finished> task = new Task<>() {
            @Override
            protected Finished call() {
                return execute(h, s, modelBinding);
            }
        };
        task.setOnSucceeded(e -> finished(title, task.getValue()));
        task.setOnFailed(e -> failed(task.getException()));
        background.execute(task);
    }

    /**
     * What a run gives back to the FX thread, all at once: its last page of rows and how many there are; the rest stay
     * in the store until they are asked for. {@code result} is {@code null} for a run opened from History.
     */
    private record Finished(RunResult result, String runId, int size, List<EventRow> lastRows,
            List<String> mismatches, dev.bridle.app.inspect.RunInspection inspection, RunSource source) {}

    /**
     * The harness and scenario a shown run ran, as read from the folder (for "Why?" and for the inspector, which
     * rebuilds contexts by replaying them); either is {@code null} when it is not known.
     */
    public record RunSource(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario) {}

    /** On the background thread: runs exactly as {@code bridle run} does, then reads its last events from the store. */
    private Finished execute(HarnessReader.Loaded h, ScenarioReader.Loaded s, String modelBinding) {
        RunStore runs = store();
        ScenarioRunner runner = new ScenarioRunner(Optional.of(runs), Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), person);
        ScenarioRunner.Report report;
        dev.bridle.model.ModelBinding parsed = dev.bridle.model.ModelBinding.parse(modelBinding);
        java.util.Optional<dev.bridle.model.RemoteModel> live = parsed.live(dev.bridle.model.Surroundings.system());
        if (live.isEmpty()) {
            report = runner.run(h, s, EventSink.none());
        } else {
            try (dev.bridle.model.RemoteModel remote = live.get()) {
                report = runner.prepare(h, s, EventSink.none(), remote, dev.bridle.engine.Bindings.Pause.sleeping())
                        .run();
            }
        }
        String runId = report.runId().orElseThrow(() -> new IllegalStateException("the run was not recorded"));
        return read(runs, runId, report.result(), report.mismatches(), new RunSource(h, s));
    }

    /** On the background thread: what the window shows of a recorded run, its last page of rows and its timeline. */
    private static Finished read(RunStore runs, String runId, RunResult result, List<String> mismatches,
            RunSource source) {
        int size = Math.toIntExact(runs.lastSeq(runId));
        return new Finished(result, runId, size, rowsOf(runs, runId, RowPages.lastPageStart(size), RowPages.PAGE),
                mismatches, dev.bridle.app.inspect.RunInspection.readTimeline(runs, runId, 600), source);
    }

    /**
     * Shows a recorded run (History's Open) in the events table and the inspector, as a run that has just ended is
     * shown. Its harness is the folder's harness file whose text the run recorded (its digest), and for a scripted run
     * its scenario is the one of that harness with the script's name; when they have changed since, the run is shown
     * without them: "Why?" cannot explain it and contexts are not rebuilt, and the status line says so.
     */
    public void openRun(dev.bridle.store.RunSummary run) {
        if (running.get() || closed) {
            return;
        }
        String started = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(run.startedAt().atZone(java.time.ZoneId.systemDefault()));
        String which = "the run of " + run.harness() + " from " + started;
        status.set(Status.busy("opening " + which + "…"));
        ProjectFolder from = folder;
        fromStore(runs -> read(runs, run.id(), null, List.of(), sourceOf(from, run)), done -> {
            show(done);
            lastRun.set(which + " (" + run.model() + "): " + count(done.size(), "event") + ", "
                    + run.outcome().map(o -> o.word()).orElse("open"));
            status.set(done.source().harness() == null
                    ? Status.warning("opened " + which + "; its harness has changed since, so Why? cannot explain it")
                    : Status.neutral("opened " + which));
        });
    }

    /** The folder's harness file the run recorded, and for a scripted run its scenario; on the store's thread. */
    private static RunSource sourceOf(ProjectFolder folder, dev.bridle.store.RunSummary run) {
        try {
            for (Path file : folder.harnessFiles()) {
                HarnessReader.Loaded h;
                try {
                    h = HarnessReader.read(file);
                } catch (DocumentException e) {
                    continue;
                }
                if (!ScenarioRunner.digest(h.source().text()).equals(run.harnessDigest())) {
                    continue;
                }
                String script = run.model().startsWith("mock:") ? run.model().substring("mock:".length()) : null;
                for (Path scenarioFile : script == null ? List.<Path>of() : folder.scenarioFiles(file)) {
                    try {
                        ScenarioReader.Loaded s = ScenarioReader.read(scenarioFile);
                        if (s.scenario().name().equals(script)) {
                            return new RunSource(h, s);
                        }
                    } catch (DocumentException e) {
                        // not this one
                    }
                }
                return new RunSource(h, null);
            }
        } catch (IOException e) {
            LOG.warn("cannot list " + folder.path() + ": " + e.getMessage());
        }
        return new RunSource(null, null);
    }

    /** The harness and scenario of the run shown (see {@link RunSource}). */
    public RunSource shownSource() {
        return shownSource;
    }

    /** Rows {@code from} to {@code from + count - 1} of a recorded run (event {@code seq} is row {@code seq - 1}). */
    private static List<EventRow> rowsOf(RunStore runs, String runId, int from, int count) {
        return runs.events(runId, dev.bridle.store.EventQuery.from(from + 1L, count).to((long) from + count))
                .stream().map(EventRow::of).toList();
    }

    /** A recorded run's rows, read from the store on the background thread a page at a time. */
    private final class RecordedRows implements RowPages.Source {
        private final String runId;
        private final int size;

        RecordedRows(String runId, int size) {
            this.runId = runId;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void read(int from, int count, java.util.function.Consumer<List<EventRow>> then) {
            fromStore(runs -> rowsOf(runs, runId, from, count), then);
        }

        @Override
        public void indexOf(long seq, java.util.function.IntConsumer then) {
            then.accept(seq >= 1 && seq <= size ? (int) (seq - 1) : -1);
        }

        @Override
        public void firstAt(String node, java.util.function.IntConsumer then) {
            fromStore(runs -> runs.firstSeqAt(runId, node), seq -> then.accept((int) (seq - 1)));
        }
    }

    /**
     * Reads from the run store on its thread and hands the answer to {@code then} on the FX thread; a store that
     * fails says so in the status line.
     */
    private <T> void fromStore(java.util.function.Function<RunStore, T> read, java.util.function.Consumer<T> then) {
        background.execute(() -> {
            try {
                T answer = read.apply(store());
                javafx.application.Platform.runLater(() -> then.accept(answer));
            } catch (StoreException e) {
                LOG.warn(e.getMessage());
                javafx.application.Platform.runLater(() -> status.set(Status.danger(e.getMessage())));
            } catch (RuntimeException e) {
                LOG.error("reading the run store failed", e);
                javafx.application.Platform.runLater(() -> status.set(Status.danger("reading the run store failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))));
            }
        });
    }

    /** The run store, opened on first use; call only on the background thread. */
    public RunStore store() {
        if (closed && store == null) {
            // a read queued behind close() must not open the store again (nothing would close it)
            throw new StoreException("the run store is closed", null);
        }
        if (store == null) {
            store = RunStore.open(config.databaseUrl());
        }
        return store;
    }

    /** The thread that owns the run store; every store call of the workbench goes through it. */
    public java.util.concurrent.Executor background() {
        return background;
    }

    private void finished(String title, Finished done) {
        show(done);
        lastResult.set(done.result());
        String verdict = done.mismatches().isEmpty() ? "as the scenario expects"
                : "not as the scenario expects: " + String.join("; ", done.mismatches());
        lastRun.set(title + ": " + count(done.size(), "event") + ", " + verdict);
        running.set(false);
        status.set(Status.of(done.result()));
    }

    /** Shows a recorded run: its last page of events, and the inspection. */
    private void show(Finished done) {
        shownRunId = done.runId();
        heldEvents = null;
        shownSource = done.source();
        rows.set(new RecordedRows(done.runId(), done.size()), done.lastRows());
        hasEvents.set(done.size() > 0);
        lastInspection.set(done.inspection());
    }

    private void failed(Throwable failure) {
        running.set(false);
        if (failure instanceof StoreException e) {
            LOG.warn(e.getMessage());
            status.set(Status.danger(e.getMessage()));
        } else {
            LOG.error("the run failed", failure);
            String why = failure == null || failure.getMessage() == null
                    ? (failure == null ? "unknown error" : failure.getClass().getSimpleName())
                    : failure.getMessage();
            status.set(Status.danger("the run failed: " + why));
        }
    }

    /** Shows a run's events in the events table (the Tests view's jump to a failure). */
    public void showEvents(String what, List<dev.bridle.event.RunEvent> runEvents) {
        // The events table's header names what it shows: this run, not the last one run here.
        lastRun.set(what + ": " + count(runEvents.size(), "event"));
        heldEvents = List.copyOf(runEvents);
        shownRunId = null;
        shownSource = new RunSource(harness.get(), null);
        rows.setAll(heldEvents.stream().map(EventRow::of).toList());
        hasEvents.set(!heldEvents.isEmpty());
    }

    /** Whether the events table shows any events (of the last run, or of a test's run). */
    public ReadOnlyBooleanProperty hasEventsProperty() {
        return hasEvents.getReadOnlyProperty();
    }

    /**
     * Hands event {@code seq} of the events shown to {@code then}, with the events before it that "Why?" looks back
     * on: all of them when they are held, the page of {@link RowPages#PAGE} up to it when they are read from the store
     * (a permission check's tool call is in the same step, a few events before it). Nothing is handed over when there
     * is no such event.
     */
    public void eventAndBefore(long seq, java.util.function.BiConsumer<List<dev.bridle.event.RunEvent>,
            dev.bridle.event.RunEvent> then) {
        java.util.function.Consumer<List<dev.bridle.event.RunEvent>> pick = events -> events.stream()
                .filter(e -> e.seq() == seq).findFirst().ifPresent(e -> then.accept(events, e));
        if (heldEvents != null) {
            pick.accept(heldEvents);
        } else if (shownRunId != null) {
            String runId = shownRunId;
            fromStore(runs -> runs.events(runId, dev.bridle.store.EventQuery
                    .from(Math.max(1, seq - RowPages.PAGE + 1), RowPages.PAGE).to(seq)), pick);
        }
    }

    /**
     * Hands every event shown to {@code then}: at once when they are held, after reading them from the store (on its
     * thread, the status line saying so) when they are a recorded run's.
     */
    public void allEvents(java.util.function.Consumer<List<dev.bridle.event.RunEvent>> then) {
        if (heldEvents != null) {
            then.accept(heldEvents);
        } else if (shownRunId != null) {
            String runId = shownRunId;
            Status before = status.get();
            Status reading = Status.busy("reading the " + count(rows.size(), "event") + " of the last run…");
            status.set(reading);
            fromStore(runs -> runs.events(runId), events -> {
                if (status.get() == reading) {
                    status.set(before);
                }
                then.accept(events);
            });
        }
    }

    /** The model binding of the next run (editable: {@code mock}, {@code ollama:MODEL}, {@code openai:URL#MODEL}). */
    public javafx.beans.property.StringProperty bindingProperty() {
        return binding;
    }

    /** The last run, read for the inspector. */
    public ReadOnlyObjectProperty<dev.bridle.app.inspect.RunInspection> lastInspectionProperty() {
        return lastInspection.getReadOnlyProperty();
    }

    /** Who answers a run's questions that the scenario's script does not (a dialog, in the window). */
    public void setPerson(dev.bridle.engine.Approver approver) {
        this.person = approver;
    }

    /** Closes the run store once the background thread is done with it. Call it once, when the window closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        background.execute(() -> {
            if (store != null) {
                try {
                    store.close();
                } catch (StoreException e) {
                    LOG.warn(e.getMessage());
                }
                store = null;
            }
        });
        background.shutdown();
        try {
            if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the run store did not close within 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
