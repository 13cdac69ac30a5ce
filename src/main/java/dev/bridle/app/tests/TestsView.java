package dev.bridle.app.tests;

import dev.bridle.event.RunEvent;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Tests view: every scenario with a red or green mark, Run all with progress, and for the selected scenario its
 * headline and the expected/actual diff; "Show events" jumps to the offending event of a failure.
 */
public final class TestsView extends BorderPane {

    private final TestsViewModel model;
    private final TableView<ScenarioRow> table = new TableView<>();
    private final TextArea diff = new TextArea();

    /** Where "Show events" sends a scenario's events: under a header naming {@code what}, event {@code seq} selected. */
    @FunctionalInterface
    public interface ShowEvents {
        void show(String what, List<RunEvent> events, long seq);
    }

    public TestsView(TestsViewModel model, ShowEvents showEvents) {
        this.model = model;
        setId("tests-view");
        Button runAll = new Button("Run all", new FontIcon(Feather.PLAY_CIRCLE));
        runAll.setId("run-all");
        runAll.setTooltip(new Tooltip("Run every scenario (Ctrl+Shift+T)"));
        runAll.disableProperty().bind(model.runningProperty());
        runAll.setOnAction(e -> model.runAll());
        ProgressBar progress = new ProgressBar();
        progress.setId("tests-progress");
        progress.progressProperty().bind(model.progressProperty());
        Label summary = new Label();
        summary.setId("tests-summary");
        summary.textProperty().bind(model.summaryProperty());
        Button events = new Button("Show events", new FontIcon(Feather.LIST));
        events.setId("show-failure");
        events.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        events.setOnAction(e -> {
            ScenarioRow row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                showEvents.show("test " + row.name() + " (" + row.state().name().toLowerCase(java.util.Locale.ROOT)
                        + ")", model.eventsOf(row), row.firstEvent());
            }
        });
        HBox bar = new HBox(8, runAll, progress, summary, events);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(summary, Priority.ALWAYS);
        setTop(bar);

        table.setId("tests-table");
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        table.setPlaceholder(new Label("No scenarios in this folder: add NAME/*.scenario.yaml next to a harness"));
        table.setItems(model.rows());
        TableColumn<ScenarioRow, ScenarioRow.State> state = new TableColumn<>("");
        state.setPrefWidth(34);
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().state()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ScenarioRow.State s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                setGraphic(empty || s == null ? null : icon(s));
            }
        });
        TableColumn<ScenarioRow, String> name = new TableColumn<>("scenario");
        name.setPrefWidth(320);
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        TableColumn<ScenarioRow, String> result = new TableColumn<>("result");
        result.setPrefWidth(520);
        result.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().headline()));
        TableColumn<ScenarioRow, String> time = new TableColumn<>("time");
        time.setPrefWidth(80);
        // No time before a scenario has run: "0 ms" would read as a run that took no time.
        time.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(switch (c.getValue().state()) {
            case NOT_RUN, RUNNING -> "";
            default -> c.getValue().millis() + " ms";
        }));
        table.getColumns().setAll(List.of(state, name, result, time));
        diff.setId("tests-diff");
        diff.setEditable(false);
        diff.getStyleClass().add("monospace");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> diff.setText(row == null ? ""
                : row.name() + "\n" + row.headline() + (row.diff().isEmpty() ? ""
                        : "\n\nexpected / actual:\n  " + String.join("\n  ", row.diff()))));
        diff.setPromptText("Select a scenario to see its result and, for a failure, expected against actual");
        diff.setWrapText(true);
        // Side by side, so that the table has the pane's whole height for its rows.
        SplitPane split = new SplitPane(table, diff);
        split.setDividerPositions(0.62);
        setCenter(split);
    }

    private static FontIcon icon(ScenarioRow.State s) {
        FontIcon i = new FontIcon(switch (s) {
            case PASSED -> Feather.CHECK_CIRCLE;
            case FAILED -> Feather.X_CIRCLE;
            case INVALID -> Feather.ALERT_TRIANGLE;
            case PENDING -> Feather.CLOCK;
            case RUNNING -> Feather.LOADER;
            case NOT_RUN -> Feather.CIRCLE;
        });
        i.getStyleClass().add("test-" + s.name().toLowerCase(java.util.Locale.ROOT));
        // Inline, with the theme's colours: the table's stylesheet colours icons grey and would win over a setter.
        i.setStyle("-fx-icon-color: " + switch (s) {
            case PASSED -> "-color-success-emphasis";
            case FAILED, INVALID -> "-color-danger-emphasis";
            case PENDING -> "-color-warning-emphasis";
            default -> "-color-fg-muted";
        } + ";");
        i.setIconSize(16);
        return i;
    }

    public TableView<ScenarioRow> table() {
        return table;
    }
}
