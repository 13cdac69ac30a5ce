package dev.bridle.app.debug;

import dev.bridle.context.ContextEntry;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Guard;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The state of a paused (or ended) run: guard meters ({@code steps 7/40}), each agent's context messages with a token
 * bar each and pins marked, the variables and hand-off fields, and the locks with their owners.
 */
public final class StateInspectorView extends ScrollPane {

    private final VBox content = new VBox(6);

    public StateInspectorView() {
        setId("state-inspector");
        setFitToWidth(true);
        content.setPadding(new Insets(6));
        setContent(content);
        show(null);
    }

    public void show(RunSnapshot s) {
        content.getChildren().clear();
        if (s == null) {
            content.getChildren().add(new Label("Pause a debug run to see its state."));
            return;
        }
        content.getChildren().add(wrapped(new Label("at #" + s.seq() + ", step " + s.step() + ", node " + s.node()
                + (s.agent() == null || s.agent().isEmpty() ? "" : ", agent " + s.agent()))));
        VBox meters = new VBox(4);
        meters.setId("guard-meters");
        for (Guard.Meter m : s.meters()) {
            ProgressBar bar = new ProgressBar(m.limit() <= 0 ? 0 : Math.min(1, m.value() / m.limit()));
            // The words over the bar, both as wide as the pane: beside a fixed-width bar, a narrow pane cut them off.
            bar.setMaxWidth(Double.MAX_VALUE);
            Label label = wrapped(new Label(m.guard() + ": " + m));
            label.getStyleClass().add("meter-label");
            VBox meter = new VBox(2, label, bar);
            meter.getStyleClass().add("guard-meter");
            if (m.label().equals("seconds")) {
                meter.setId("deadline-meter");
                // What the engine does (SessionClock): the same clock drives this meter and the guard.
                Tooltip.install(meter, new Tooltip("The run's time, by the session's clock. The clock stops while the"
                        + " debugger holds the run paused: this meter stands still, and so does the deadline guard,"
                        + " which never fires because of a pause."));
            }
            meters.getChildren().add(meter);
        }
        content.getChildren().add(titled("Guards", meters));
        for (Map.Entry<String, List<ContextEntry>> agent : s.contexts().entrySet()) {
            int total = s.contextTokens().getOrDefault(agent.getKey(), 0);
            VBox messages = new VBox(2);
            int max = agent.getValue().stream().mapToInt(ContextEntry::tokens).max().orElse(1);
            for (ContextEntry e : agent.getValue()) {
                ProgressBar bar = new ProgressBar((double) e.tokens() / Math.max(1, max));
                bar.setPrefWidth(80);
                bar.setMinWidth(Region.USE_PREF_SIZE); // the text beside it wraps; the bar keeps its length
                Label text = new Label(e.message().role() + (e.tag().isEmpty() ? "" : " [" + e.tag() + "]") + "  "
                        + e.tokens() + " tok  " + oneLine(e.message().content()));
                if (e.pinned()) {
                    text.setGraphic(new FontIcon(Feather.MAP_PIN));
                    text.getStyleClass().add("pinned");
                }
                wrapped(text);
                HBox row = new HBox(6, bar, text);
                HBox.setHgrow(text, Priority.ALWAYS);
                messages.getChildren().add(row);
            }
            // The counts go in the body: a pane's title does not wrap, and a narrow pane would cut them off.
            messages.getChildren().addFirst(wrapped(new Label(total + " tokens in " + agent.getValue().size()
                    + " messages")));
            content.getChildren().add(titled("Context of " + agent.getKey(), messages));
        }
        VBox vars = new VBox(2);
        s.variables().forEach((k, v) -> vars.getChildren().add(wrapped(new Label(k + " = "
                + oneLine(String.valueOf(v))))));
        content.getChildren().add(titled("Variables and hand-off fields", vars));
        VBox locks = new VBox(2);
        s.locks().forEach((res, owner) -> locks.getChildren().add(new Label(res + " held by " + owner,
                new FontIcon(Feather.LOCK))));
        if (s.locks().isEmpty()) {
            locks.getChildren().add(new Label("no locks held"));
        }
        content.getChildren().add(titled("Locks", locks));
    }

    /**
     * Adds the workspace as of the shown event: each changed path with its last change, and the diff of the selected
     * one; {@code note} says why the list is empty or partial. Nothing is added when there is neither.
     */
    public void showWorkspace(List<RunEvent.FileChange> files, String note) {
        if (files.isEmpty() && note.isEmpty()) {
            return;
        }
        ListView<RunEvent.FileChange> list = new ListView<>();
        list.setId("workspace-at");
        list.getItems().setAll(files);
        list.setPrefHeight(Math.clamp(files.size(), 1, 6) * 26 + 4);
        list.setPlaceholder(new Label(note));
        list.getStyleClass().add("monospace");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunEvent.FileChange f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : String.format("%-8s %s", f.change(), f.path()));
            }
        });
        TextArea diff = new TextArea();
        diff.setId("workspace-diff");
        diff.setEditable(false);
        diff.getStyleClass().add("monospace");
        diff.setPrefRowCount(8);
        diff.setPromptText("select a file to see its diff");
        list.getSelectionModel().selectedItemProperty().subscribe(f -> diff.setText(f == null ? ""
                : f.diff() == null || f.diff().isEmpty() ? "(no text diff: " + f.change() + ")" : f.diff()));
        VBox body = new VBox(4, list, diff);
        if (!files.isEmpty() && !note.isEmpty()) {
            body.getChildren().addFirst(new Label(note));
        }
        content.getChildren().add(1, titled("Workspace: " + files.size() + " files changed", body));
    }

    /** {@code label}, wrapped at the pane's width and as tall as its lines, instead of cut off. */
    private static Label wrapped(Label label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setMinWidth(0);
        return label;
    }

    private static TitledPane titled(String title, VBox body) {
        TitledPane pane = new TitledPane(title, body);
        pane.setAnimated(false);
        return pane;
    }

    private static String oneLine(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 120 ? one : one.substring(0, 119) + "…";
    }
}
