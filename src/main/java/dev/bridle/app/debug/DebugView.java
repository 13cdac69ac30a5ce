package dev.bridle.app.debug;

import dev.bridle.app.layout.ToolBarWithLine;
import dev.bridle.app.lists.UniformRows;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.store.RunStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The debugger: Debug, Step, Step to node, Continue, Pause and Stop (with shortcuts), breakpoint switches, the event
 * list as it grows, and the state inspector.
 */
public final class DebugView extends BorderPane {

    public static final KeyCombination DEBUG = new KeyCodeCombination(KeyCode.F9);
    public static final KeyCombination STEP = new KeyCodeCombination(KeyCode.F10);
    public static final KeyCombination STEP_NODE = new KeyCodeCombination(KeyCode.F11);
    public static final KeyCombination CONTINUE = new KeyCodeCombination(KeyCode.F8);
    public static final KeyCombination PAUSE = new KeyCodeCombination(KeyCode.F6);
    public static final KeyCombination STOP = new KeyCodeCombination(KeyCode.F2, KeyCombination.SHIFT_DOWN);

    private final DebugViewModel model;
    /** The width the stop reason keeps at the end of the bar ("breakpoint at #123 guard.triggered", with room). */
    static final double REASON_ROOM = 320;

    private final ToolBar bar;
    private final List<Button> controls;
    private final StateInspectorView inspector = new StateInspectorView();

    /**
     * @param target the harness and scenario to debug when Debug is pressed, or empty when none can run
     * @param store the run store to record into, or empty; called on the debugger's thread
     */
    public DebugView(DebugViewModel model,
            Supplier<Optional<Target>> target, Supplier<Optional<RunStore>> store) {
        this.model = model;
        setId("debug-view");
        Button debug = button("debug", "Debug", Feather.PLAY, DEBUG, () -> target.get().ifPresent(t ->
                model.startPaused(t.harness(), t.scenario(), store)));
        Button step = button("step", "Step", Feather.CORNER_DOWN_RIGHT, STEP, model::step);
        Button stepNode = button("step-node", "Step to node", Feather.SKIP_FORWARD, STEP_NODE, model::stepNode);
        Button resume = button("continue", "Continue", Feather.FAST_FORWARD, CONTINUE, model::resume);
        Button pause = button("pause", "Pause", Feather.PAUSE, PAUSE, model::pause);
        Button stop = button("stop", "Stop", Feather.SQUARE, STOP, model::stop);
        var running = model.stateProperty().isEqualTo(DebugViewModel.State.RUNNING);
        var paused = model.stateProperty().isEqualTo(DebugViewModel.State.PAUSED);
        debug.disableProperty().bind(running.or(paused));
        step.disableProperty().bind(paused.not());
        stepNode.disableProperty().bind(paused.not());
        resume.disableProperty().bind(paused.not());
        pause.disableProperty().bind(running.not());
        stop.disableProperty().bind(running.or(paused).not());
        CheckBox guards = new CheckBox("break on guards");
        guards.setId("break-on-guards");
        guards.selectedProperty().bindBidirectional(model.breakOnGuardsProperty());
        CheckBox denials = new CheckBox("break on denials");
        denials.setId("break-on-denials");
        denials.selectedProperty().bindBidirectional(model.breakOnDenialsProperty());
        Label reason = new Label();
        reason.setId("debug-reason");
        reason.textProperty().bind(model.reasonProperty());
        javafx.scene.control.Slider travel = new javafx.scene.control.Slider(1, 1, 1);
        travel.setId("time-travel");
        travel.setPrefWidth(200);
        travel.setBlockIncrement(1);
        travel.setMajorTickUnit(1);
        travel.setSnapToTicks(true);
        travel.setTooltip(new Tooltip("Time travel: the state at any event of the ended run, by deterministic replay"));
        travel.disableProperty().bind(model.stateProperty().isNotEqualTo(DebugViewModel.State.ENDED));
        model.eventCountProperty().subscribe(n -> {
            travel.setMax(Math.max(1, n.intValue()));
            // the slider follows a live session to its latest event; once it has ended, it is the user's
            if (model.stateProperty().get() != DebugViewModel.State.ENDED && !travel.isValueChanging()) {
                travel.setValue(Math.max(1, n.intValue()));
            }
        });
        travel.valueChangingProperty().addListener((o, was, changing) -> {
            if (!changing) {
                model.travel(Math.round(travel.getValue()));
            }
        });
        travel.setOnMouseReleased(e -> model.travel(Math.round(travel.getValue())));
        controls = List.of(debug, step, stepNode, resume, pause, stop);
        reason.getStyleClass().add("debug-reason");
        bar = new ToolBar(debug, step, stepNode, resume, pause, stop, guards, denials, new Label("event"), travel);
        // Why the run is paused or how it ended: at the end of the bar when there is room, else on a line under it.
        setTop(new ToolBarWithLine(bar, reason, REASON_ROOM));
        ListView<RunEvent> events = new ListView<>(model.latestEvents());
        events.setId("debug-events");
        UniformRows.of(events); // it grows by thousands of events per frame during a long run
        events.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunEvent e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.seq() + "  step " + e.step() + "  " + e.kind() + "  "
                        + e.summary());
            }
        });
        model.latestEvents().addListener((javafx.collections.ListChangeListener<RunEvent>) c -> {
            if (!events.getItems().isEmpty()) {
                events.scrollTo(events.getItems().size() - 1);
            }
        });
        Label shown = new Label();
        shown.setId("debug-events-shown");
        shown.setPadding(new Insets(2, 6, 2, 6));
        shown.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                model.eventCountProperty().get() <= model.latestEvents().size() ? ""
                        : String.format("the latest %,d of %,d events", model.latestEvents().size(),
                                model.eventCountProperty().get()), model.eventCountProperty(), model.latestEvents()));
        shown.visibleProperty().bind(shown.textProperty().isNotEmpty());
        shown.managedProperty().bind(shown.visibleProperty());
        javafx.scene.layout.VBox.setVgrow(events, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(new javafx.scene.layout.VBox(shown, events), inspector);
        split.setDividerPositions(0.55);
        setCenter(split);
        setPadding(new Insets(0));
        // Time travel shows where it went: the event selected in the list and scrolled into view, the slider on it.
        model.travelledProperty().addListener((o, a, seq) -> {
            long at = seq.longValue();
            if (at <= 0) {
                return;
            }
            travel.setValue(at);
            List<RunEvent> shownEvents = events.getItems();
            for (int i = shownEvents.size() - 1; i >= 0; i--) {
                if (shownEvents.get(i).seq() == at) {
                    events.getSelectionModel().clearAndSelect(i);
                    events.scrollTo(Math.max(0, i - 3));
                    break;
                }
            }
        });
        model.snapshotProperty().addListener((o, a, s) -> {
            inspector.show(s);
            // time travel sets the workspace before the snapshot, so both are of the same event here
            inspector.showWorkspace(model.workspace(), model.workspaceNoteProperty().get());
        });
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(DEBUG, debug::fire);
                scene.getAccelerators().put(STEP, step::fire);
                scene.getAccelerators().put(STEP_NODE, stepNode::fire);
                scene.getAccelerators().put(CONTINUE, resume::fire);
                scene.getAccelerators().put(PAUSE, pause::fire);
                scene.getAccelerators().put(STOP, stop::fire);
            }
        });
    }

    /**
     * Debug, Step, Step to node, Continue, Pause and Stop, taken out of this view's own tool bar so that the window
     * can show them in its main tool bar (their shortcuts work wherever they are).
     */
    public List<Button> takeControls() {
        bar.getItems().removeAll(controls);
        return controls;
    }

    /** The session this view shows. */
    public DebugViewModel model() {
        return model;
    }

    /** What Debug runs. */
    public record Target(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario) {}

    private static Button button(String id, String text, Feather icon, KeyCombination key, Runnable action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(text + " (" + key.getDisplayText() + ")"));
        b.setOnAction(e -> action.run());
        return b;
    }
}
