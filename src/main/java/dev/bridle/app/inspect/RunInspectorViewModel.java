package dev.bridle.app.inspect;

import dev.bridle.engine.Why;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Harness;
import dev.bridle.store.EventQuery;
import dev.bridle.store.RunStore;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
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
import javafx.collections.transformation.FilteredList;

/**
 * The run inspector's state: the inspected run, the pages of its events the timeline reaches, the permission checks
 * filtered by effect, agent, tool and rule, and the selected event with its details and "Why?". The run itself is
 * read elsewhere (off the FX thread); later pages are read on the store's thread when the timeline needs them.
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
    private Harness harness;
    private EventPages pages;
    private final Supplier<RunStore> store;
    private final Executor background;

    /** A view model that shows only the first page of a run's events. */
    public RunInspectorViewModel() {
        this(null, null);
    }

    /**
     * A view model that reads further pages of events from {@code store} on {@code background}, the thread that owns
     * the store.
     */
    public RunInspectorViewModel(Supplier<RunStore> store, Executor background) {
        this.store = store;
        this.background = background;
        effect.addListener((o, a, b) -> refilter());
        agent.addListener((o, a, b) -> refilter());
        tool.addListener((o, a, b) -> refilter());
        rule.addListener((o, a, b) -> refilter());
    }

    /** Shows a run; {@code harness} explains its decisions. */
    public void show(RunInspection run, Harness harness) {
        this.harness = harness;
        pages = store == null ? EventPages.firstOnly(run) : EventPages.reading(run,
                (from, limit) -> store.get().events(run.runId(), EventQuery.from(from, limit)), background,
                Platform::runLater);
        inspection.set(run);
        checks.setAll(run.permissions());
        select(null);
    }

    private void refilter() {
        Predicate<RunEvent.PermissionChecked> p = c -> matches(effect, c.effect()) && matches(agent, c.agent())
                && matches(tool, c.tool()) && matches(rule, c.rule());
        filtered.setPredicate(p);
    }

    private static boolean matches(ObjectProperty<String> filter, String value) {
        return filter.get() == null || filter.get().equals(ANY) || Objects.equals(filter.get(), value);
    }

    /** Selects an event: its details are its JSON and the rule that decided it. */
    public void select(RunEvent event) {
        selected.set(event);
        RunInspection run = inspection.get();
        if (event == null || run == null) {
            details.set("");
            return;
        }
        details.set("#" + event.seq() + " " + event.kind() + "\n\nreading the events around it…");
        // "Why?" looks at the events before this one, which are in its page.
        pages.withPageHolding(event.seq(), around -> {
            if (selected.get() == event) {
                String why = harness == null ? "" : Why.explain(harness, around, event);
                details.set("#" + event.seq() + " " + event.kind() + " at step " + event.step() + "\n\n"
                        + event.summary() + "\n\nWhy?\n" + why + "\n\nAs recorded:\n" + EventJson.write(event));
            }
        });
    }

    /** The pages of the shown run's events, for the timeline; {@code null} before a run is shown. */
    public EventPages pages() {
        return pages;
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

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }
}
