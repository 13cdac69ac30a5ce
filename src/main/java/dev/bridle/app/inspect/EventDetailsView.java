package dev.bridle.app.inspect;

import dev.bridle.engine.ContextDiff;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The selected event's details: its sections in words (prompt, response, arguments, result), the context diff against
 * the previous step with a line per message, "Why?", and the event as recorded, collapsed under "Raw".
 */
final class EventDetailsView extends BorderPane {

    private static final PseudoClass ADDED = PseudoClass.getPseudoClass("added");
    private static final PseudoClass REMOVED = PseudoClass.getPseudoClass("removed");

    private final RunInspectorViewModel model;
    private final VBox sections = new VBox(4);
    private final ListView<ContextDiff.Line> diff = new ListView<>();
    private final TitledPane context;
    private final TitledPane why;
    private final TitledPane raw;

    EventDetailsView(RunInspectorViewModel model) {
        this.model = model;
        setId("event-details");
        getStyleClass().add("event-details");
        Label title = new Label();
        title.setId("detail-title");
        title.getStyleClass().add("detail-title");
        title.textProperty().bind(model.titleProperty());
        Label summary = new Label();
        summary.setId("detail-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());
        VBox top = new VBox(2, title, summary);
        top.setPadding(new Insets(4, 6, 4, 6));
        setTop(top);

        Label note = new Label();
        note.setId("context-note");
        note.setWrapText(true);
        note.textProperty().bind(model.contextNoteProperty());
        diff.setId("context-diff");
        diff.getStyleClass().add("context-diff");
        diff.setPrefHeight(240);
        diff.setFixedCellSize(24);
        diff.setCellFactory(v -> new DiffCell());
        model.contextDiffProperty().subscribe(d -> {
            if (d == null) {
                diff.getItems().clear();
            } else {
                diff.getItems().setAll(d.lines());
            }
        });
        context = new TitledPane("Context against the previous step", new VBox(4, note, diff));
        context.setId("detail-context");
        // "Why?" is what the details are read for: never a strip of two lines, and its own lines never cut
        TextArea whyText = text("detail-why", model.whyProperty().get(), 8, 24);
        whyText.textProperty().bind(model.whyProperty());
        whyText.setMinHeight(Region.USE_PREF_SIZE);
        why = new TitledPane("Why?", whyText);
        why.setId("detail-why-pane");
        raw = new TitledPane("Raw", text("raw-event", ""));
        ((TextArea) raw.getContent()).textProperty().bind(model.rawProperty());
        raw.setId("detail-raw");
        raw.setExpanded(false);

        VBox all = new VBox(4, sections, context, why, raw);
        all.setPadding(new Insets(4));
        ScrollPane scroll = new ScrollPane(all);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        model.sections().subscribe(this::showSections);
        model.titleProperty().subscribe(t -> {
            boolean any = !t.isEmpty();
            context.setVisible(any);
            context.setManaged(any);
            why.setVisible(any);
            why.setManaged(any);
            raw.setVisible(any);
            raw.setManaged(any);
        });
    }

    private void showSections() {
        sections.getChildren().clear();
        for (EventDetails.Section s : model.sections()) {
            TitledPane pane = new TitledPane(s.title(), text(s.id(), s.text()));
            pane.setId(s.id() + "-pane");
            sections.getChildren().add(pane);
        }
    }

    private static TextArea text(String id, String text) {
        return text(id, text, 1, 14);
    }

    /** A read-only text of {@code min} to {@code max} rows, as many as its lines. */
    private static TextArea text(String id, String text, int min, int max) {
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("monospace");
        area.setPrefRowCount(Math.clamp(text.lines().count(), min, max));
        area.textProperty().subscribe(t -> area.setPrefRowCount(Math.clamp(t.lines().count(), min, max)));
        return area;
    }

    /** A message of the diff, marked and coloured by what happened to it. */
    private static final class DiffCell extends ListCell<ContextDiff.Line> {
        DiffCell() {
            getStyleClass().add("monospace");
        }

        @Override
        protected void updateItem(ContextDiff.Line line, boolean empty) {
            super.updateItem(line, empty);
            setText(empty || line == null ? null : EventDetails.line(line));
            pseudoClassStateChanged(ADDED, !empty && line != null && line.change() == ContextDiff.Change.ADDED);
            pseudoClassStateChanged(REMOVED, !empty && line != null && line.change() == ContextDiff.Change.REMOVED);
        }
    }
}
