package dev.bridle.app.inspect;

import dev.bridle.engine.ContextDiff;
import dev.bridle.engine.Why;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.event.WorkspaceChanges;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ContextReplay;
import dev.bridle.store.EventQuery;
import dev.bridle.store.RunStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The run inspector's state: the inspected run, the pages of its events the timeline reaches, the permission checks
 * filtered by effect, agent, tool and rule, and the selected event with its details: what a model call was sent and
 * answered, a tool call's arguments and result, the context diff against the previous step, "Why?", and the event as
 * recorded. The run itself is read elsewhere (off the FX thread); later pages are read on the store's thread when the
 * timeline needs them; the context at an event is rebuilt here by replaying the run's scenario on a background
 * thread, and the details fill in when it is done.
 */
public final class RunInspectorViewModel {

    /** "Any" in a filter. */
    public static final String ANY = "any";

    private final ReadOnlyObjectWrapper<RunInspection> inspection = new ReadOnlyObjectWrapper<>();
    private final ObservableList<RunEvent.PermissionChecked> checks = FXCollections.observableArrayList();
    private final FilteredList<RunEvent.PermissionChecked> filtered = new FilteredList<>(checks);
    private final ObjectProperty<String> effect = new SimpleObjectProperty<>(ANY);
    private final ObjectProperty<String> agent = new SimpleObjectProperty<>(ANY);
    private final ObjectProperty<String> tool = new SimpleObjectProperty<>(ANY);
    private final ObjectProperty<String> rule = new SimpleObjectProperty<>(ANY);
    private final ReadOnlyObjectWrapper<RunEvent> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<EventDetails.Section> sections = FXCollections.observableArrayList();
    private final ObservableList<EventDetails.Section> readOnlySections =
            FXCollections.unmodifiableObservableList(sections);
    private final ReadOnlyObjectWrapper<ContextDiff> contextDiff = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper contextNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper why = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper raw = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper checksPending =
            new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper checksProblem = new ReadOnlyStringWrapper("");
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper filesNote = new ReadOnlyStringWrapper("");
    private final Executor background;
    private final Executor fx;
    private Harness harness;
    private HarnessReader.Loaded replayHarness;
    private ScenarioReader.Loaded replayScenario;
    /** Counts selections, so that a rebuilt context that a newer selection has overtaken is dropped. */
    private final AtomicLong selection = new AtomicLong();

    private EventPages pages;
    private final Supplier<RunStore> store;
    private final Executor storeThread;

    /**
     * A view model that shows only the first page of a run's events, and rebuilds contexts on a thread of its own and
     * shows them on the FX thread.
     */
    public RunInspectorViewModel() {
        this((Supplier<RunStore>) null, null);
    }

    /**
     * A view model that reads further pages of events from {@code store} on {@code storeThread}, the thread that owns
     * the store, and rebuilds contexts on a thread of its own.
     */
    public RunInspectorViewModel(Supplier<RunStore> store, Executor storeThread) {
        this(store, storeThread, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bridle-inspector");
            t.setDaemon(true);
            return t;
        }), Platform::runLater);
    }

    /** A view model of the first page only, that rebuilds contexts on {@code background} and hands them to {@code fx}. */
    public RunInspectorViewModel(Executor background, Executor fx) {
        this(null, null, background, fx);
    }

    private RunInspectorViewModel(Supplier<RunStore> store, Executor storeThread, Executor background, Executor fx) {
        this.store = store;
        this.storeThread = storeThread;
        this.background = background;
        this.fx = fx;
        effect.addListener((o, a, b) -> refilter());
        agent.addListener((o, a, b) -> refilter());
        tool.addListener((o, a, b) -> refilter());
        rule.addListener((o, a, b) -> refilter());
    }

    /** Shows a run; {@code harness} explains its decisions. Contexts are not rebuilt: no scenario is known. */
    public void show(RunInspection run, Harness harness) {
        show(run, harness, null, null);
    }

    /**
     * Shows a run of {@code scenario} under {@code harness}: the context at a selected event is rebuilt by replaying
     * them (checked against the recording, so a run they cannot repeat says so).
     */
    public void show(RunInspection run, HarnessReader.Loaded harness, ScenarioReader.Loaded scenario) {
        show(run, harness.harness(), harness, scenario);
    }

    private void show(RunInspection run, Harness harness, HarnessReader.Loaded replayHarness,
            ScenarioReader.Loaded replayScenario) {
        this.harness = harness;
        this.replayHarness = replayHarness;
        this.replayScenario = replayScenario;
        EventPages.Reader reader = reader(run);
        pages = reader == null ? EventPages.firstOnly(run) : EventPages.reading(run, reader, storeThread, fx);
        inspection.set(run);
        checks.setAll(run.permissions());
        // The first page's workspace.changed events at once; the whole run's when they have been read from the store.
        files.setAll(fileRows(run.events()));
        filesNote.set("");
        if (store != null && run.total() > run.events().size()) {
            filesNote.set("the first " + run.events().size() + " events' files; reading the rest of the run…");
            readFiles(run);
        }
        boolean readChecks = run.checksPending() && store != null;
        checksPending.set(readChecks);
        checksProblem.set(run.checksPending() && store == null ? "the permission checks were not read" : "");
        if (readChecks) {
            readChecks(run);
        }
        select(null);
    }

    /** Reads the run's permission checks on the store's thread and shows them if the run is still the one shown. */
    private void readChecks(RunInspection run) {
        try {
            storeThread.execute(() -> {
                List<RunEvent.PermissionChecked> read;
                try {
                    read = RunInspection.readChecks(store.get(), run.runId());
                } catch (RuntimeException e) {
                    fx.execute(() -> checksNote(run, "the permission checks cannot be read: " + e.getMessage()));
                    return;
                }
                fx.execute(() -> {
                    if (inspection.get() == run) {
                        checks.setAll(read);
                        checksPending.set(false);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            checksNote(run, "the permission checks cannot be read: the store is closed");
        }
    }

    private void checksNote(RunInspection run, String why) {
        if (inspection.get() == run) {
            checksPending.set(false);
            checksProblem.set(why);
        }
    }

    /**
     * Reads every {@code workspace.changed} event of the run on the store's thread, a page at a time by kind (not the
     * events around them), and lists their files if the run is still the one shown.
     */
    private void readFiles(RunInspection run) {
        try {
            storeThread.execute(() -> {
                List<RunEvent> changes = new java.util.ArrayList<>();
                try {
                    long from = 1;
                    while (true) {
                        List<RunEvent> page = store.get().events(run.runId(),
                                EventQuery.from(from, EventQuery.MAX_LIMIT).kinds("workspace.changed"));
                        changes.addAll(page);
                        if (page.size() < EventQuery.MAX_LIMIT) {
                            break;
                        }
                        from = page.getLast().seq() + 1;
                    }
                } catch (RuntimeException e) {
                    fx.execute(() -> filesNote(run, "only the first " + run.events().size() + " events' files: the"
                            + " rest cannot be read (" + e.getMessage() + ")"));
                    return;
                }
                List<FileRow> rows = fileRows(changes);
                fx.execute(() -> {
                    if (inspection.get() == run) {
                        files.setAll(rows);
                        filesNote.set("");
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            filesNote(run, "only the first " + run.events().size() + " events' files: the store is closed");
        }
    }

    private void filesNote(RunInspection run, String note) {
        if (inspection.get() == run) {
            filesNote.set(note);
        }
    }

    /** Why the files list covers only part of the run (or that the rest is being read); empty when it is whole. */
    public ReadOnlyStringProperty filesNoteProperty() {
        return filesNote.getReadOnlyProperty();
    }

    /** A file a step touched, with the {@code workspace.changed} event that says so. */
    public record FileRow(long seq, int step, String path, String change, String cause) {
        /** The row as the files list shows it. */
        public String text() {
            return "step " + step + "  " + change + "  " + path + (cause.isEmpty() ? "" : "  (" + cause + ")");
        }
    }

    /** The files each step touched, by step (as {@link WorkspaceChanges#byStep} groups them), in event order. */
    static List<FileRow> fileRows(List<RunEvent> events) {
        List<FileRow> rows = new java.util.ArrayList<>();
        // byStep drops the seq a row needs to select its event, so the events are walked in the same order.
        for (RunEvent.WorkspaceChanged w : WorkspaceChanges.events(events).stream()
                .sorted(java.util.Comparator.comparingInt(RunEvent::step)).toList()) {
            w.files().forEach(f -> rows.add(new FileRow(w.seq(), w.step(), f.path(), f.change(),
                    w.cause() == null ? "" : w.cause())));
        }
        return rows;
    }

    /** The files the shown run touched, a row per file and step, over the whole run. */
    public ObservableList<FileRow> files() {
        return FXCollections.unmodifiableObservableList(files);
    }

    /** Selects the {@code workspace.changed} event of a files row. */
    public void selectFile(FileRow row) {
        RunInspection run = inspection.get();
        if (row == null || run == null) {
            return;
        }
        // the event may be past the first page: read its page when it is not loaded
        if (pages == null) {
            run.events().stream().filter(e -> e.seq() == row.seq()).findFirst().ifPresent(this::select);
        } else {
            pages.withPageHolding(row.seq(), events -> {
                if (inspection.get() == run) {
                    events.stream().filter(e -> e.seq() == row.seq()).findFirst().ifPresent(this::select);
                }
            });
        }
    }

    /** All the shown run's permission checks read so far, whatever the filters. */
    public ObservableList<RunEvent.PermissionChecked> allPermissionChecks() {
        return FXCollections.unmodifiableObservableList(checks);
    }

    /** Whether the shown run's permission checks are still being read (the table fills when they arrive). */
    public ReadOnlyBooleanProperty checksPendingProperty() {
        return checksPending.getReadOnlyProperty();
    }

    /** Why the shown run's permission checks could not be read; empty when they could. */
    public ReadOnlyStringProperty checksProblemProperty() {
        return checksProblem.getReadOnlyProperty();
    }

    /** Reads the run's events from the store (on the store's thread); {@code null} for a view model without one. */
    private EventPages.Reader reader(RunInspection run) {
        return store == null ? null : (from, limit) -> store.get().events(run.runId(), EventQuery.from(from, limit));
    }

    private void refilter() {
        Predicate<RunEvent.PermissionChecked> p = c -> matches(effect, c.effect()) && matches(agent, c.agent())
                && matches(tool, c.tool()) && matches(rule, c.rule());
        filtered.setPredicate(p);
    }

    private static boolean matches(ObjectProperty<String> filter, String value) {
        return filter.get() == null || filter.get().equals(ANY) || Objects.equals(filter.get(), value);
    }

    /**
     * Selects an event: its details are what it carries in words, the rule that decided it and its JSON at once, and
     * the context diff (with a model call's prompt) once the replay has rebuilt it.
     */
    public void select(RunEvent event) {
        selected.set(event);
        long mine = selection.incrementAndGet();
        RunInspection run = inspection.get();
        contextDiff.set(null);
        if (event == null || run == null) {
            title.set("");
            summary.set("");
            sections.clear();
            why.set("");
            raw.set("");
            contextNote.set("");
            details.set("");
            return;
        }
        title.set(EventDetails.title(event));
        summary.set(event.summary());
        why.set("");
        raw.set(EventDetails.pretty(EventJson.write(event)));
        // "Why?" looks at the events before this one, which are in its page (read first when it is not loaded).
        if (harness != null) {
            Harness h = harness;
            pages.withPageHolding(event.seq(), around -> {
                if (selection.get() == mine) {
                    why.set(Why.explain(h, around, event));
                    writeDetails(event);
                }
            });
        }
        if (replayHarness == null || replayScenario == null) {
            fill(event, null, "the context is rebuilt by replaying the harness and scenario the run ran, and they are"
                    + " not known for this run (its harness has changed since, or it did not run a scenario)");
            return;
        }
        fill(event, null, EventDetails.REBUILDING);
        HarnessReader.Loaded h = replayHarness;
        ScenarioReader.Loaded s = replayScenario;
        // Past the first page the replay reads the recording a page at a time as it goes.
        java.util.function.BooleanSupplier overtaken = () -> selection.get() != mine;
        StoredEvents recorded = store == null ? null : new StoredEvents(run, reader(run), storeThread, overtaken);
        List<RunEvent> events = run.events();
        try {
            background.execute(() -> {
                if (overtaken.getAsBoolean()) {
                    return; // clicked past: replay only for the event shown
                }
                ContextReplay.Result result;
                try {
                    result = recorded == null ? ContextReplay.diffAt(h, s, events, event.seq())
                            : ContextReplay.diffAt(h, s, recorded, event.seq(), overtaken);
                    if (recorded != null && recorded.problem().isPresent()) {
                        result = new ContextReplay.NotRebuilt("the recording cannot be read: "
                                + recorded.problem().get());
                    }
                } catch (RuntimeException e) {
                    result = new ContextReplay.NotRebuilt("the replay failed: " + e.getMessage());
                }
                ContextReplay.Result done = result;
                fx.execute(() -> {
                    if (selection.get() == mine) {
                        switch (done) {
                            case ContextReplay.Rebuilt r -> fill(event, r, "");
                            case ContextReplay.NotRebuilt n -> fill(event, null, "the context cannot be rebuilt: "
                                    + n.why());
                        }
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            fill(event, null, "the context cannot be rebuilt: the inspector is closed");
        }
    }

    /**
     * Selects the shown run's event {@code seq} when it is of {@code kind} (the events table's row of the same run):
     * at once when its page is loaded, else once it is read. Nothing happens when it is selected already, or when the
     * run has no such event (the table shows another run).
     */
    public void selectSeq(long seq, String kind) {
        RunEvent current = selected.get();
        RunInspection run = inspection.get();
        if (run == null || pages == null || (current != null && current.seq() == seq)) {
            return;
        }
        pages.withPageHolding(seq, events -> {
            if (inspection.get() == run) {
                events.stream().filter(e -> e.seq() == seq && e.kind().equals(kind)).findFirst()
                        .ifPresent(this::select);
            }
        });
    }

    /** The pages of the shown run's events, for the timeline; {@code null} before a run is shown. */
    public EventPages pages() {
        return pages;
    }

    /** Shows {@code event}'s sections, with the rebuilt context when there is one and {@code note} when there is not. */
    private void fill(RunEvent event, ContextReplay.Rebuilt rebuilt, String note) {
        EventDetails.PromptText prompt;
        if (rebuilt == null) {
            prompt = new EventDetails.Note(note);
            contextDiff.set(null);
            contextNote.set(note);
        } else {
            ContextDiff d = rebuilt.diff();
            // A request's prompt is the context it sent; a response's, the one its request sent (the diff's "before").
            prompt = new EventDetails.Messages(event instanceof RunEvent.ModelResponded ? d.before() : d.after());
            contextDiff.set(d);
            contextNote.set(EventDetails.headline(d, rebuilt.previousRequest().orElse(null)));
        }
        // a tool call's request and result are looked for in the page of the event (the first page when not loaded)
        List<RunEvent> around = pages == null ? inspection.get().events()
                : pages.pageHolding(event.seq()).orElse(inspection.get().events());
        sections.setAll(EventDetails.sections(event, around, prompt));
        writeDetails(event);
    }

    /** The whole of the details as one text: the sections, the context, "Why?" and the event as recorded. */
    private void writeDetails(RunEvent event) {
        StringBuilder text = new StringBuilder(title.get()).append("\n\n").append(event.summary()).append("\n");
        for (EventDetails.Section section : sections) {
            text.append("\n").append(section.title()).append(":\n").append(section.text()).append("\n");
        }
        text.append("\nContext:\n").append(contextNote.get()).append("\n");
        if (contextDiff.get() != null) {
            contextDiff.get().lines().forEach(l -> text.append(EventDetails.line(l)).append("\n"));
        }
        if (!why.get().isEmpty()) {
            text.append("\nWhy?\n").append(why.get()).append("\n");
        }
        text.append("\nAs recorded:\n").append(EventJson.write(event));
        details.set(text.toString());
    }

    public ReadOnlyObjectProperty<RunInspection> inspectionProperty() {
        return inspection.getReadOnlyProperty();
    }

    public ObservableList<RunEvent.PermissionChecked> permissionChecks() {
        return filtered;
    }

    /** The distinct values of a column of the checks, for a filter's choices ("any" first). */
    public ObservableList<String> choices(java.util.function.Function<RunEvent.PermissionChecked, String> column) {
        ObservableList<String> out = FXCollections.observableArrayList(ANY);
        checks.stream().map(column).filter(Objects::nonNull).distinct().sorted().forEach(out::add);
        return out;
    }

    public ObjectProperty<String> effectFilter() {
        return effect;
    }

    public ObjectProperty<String> agentFilter() {
        return agent;
    }

    public ObjectProperty<String> toolFilter() {
        return tool;
    }

    public ObjectProperty<String> ruleFilter() {
        return rule;
    }

    public ReadOnlyObjectProperty<RunEvent> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected event's details as one text: every section, the context diff, "Why?" and the JSON. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Which event is selected, in one line. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The selected event's one-line summary, as the timeline and tables show it. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the selected event carries, in words: prompt, response, arguments, result, compaction. */
    public ObservableList<EventDetails.Section> sections() {
        return readOnlySections;
    }

    /** The selected event's context diff against the previous step; {@code null} until (or unless) rebuilt. */
    public ReadOnlyObjectProperty<ContextDiff> contextDiffProperty() {
        return contextDiff.getReadOnlyProperty();
    }

    /** The context diff's headline (agent, steps compared, tokens before → after), or why there is none. */
    public ReadOnlyStringProperty contextNoteProperty() {
        return contextNote.getReadOnlyProperty();
    }

    /** The rule that decided the selected event, as "Why?" explains it. */
    public ReadOnlyStringProperty whyProperty() {
        return why.getReadOnlyProperty();
    }

    /** The selected event as recorded, as indented JSON. */
    public ReadOnlyStringProperty rawProperty() {
        return raw.getReadOnlyProperty();
    }
}
