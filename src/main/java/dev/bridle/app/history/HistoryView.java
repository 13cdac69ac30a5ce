package dev.bridle.app.history;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunSummary;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Run history: the runs in the store with filters, Delete, and Compare of two selected runs side by side, the first
 * divergence selected in both.
 */
public final class HistoryView extends BorderPane {

    private final HistoryViewModel model;
    private final TableView<RunSummary> table = new TableView<>();
    private final ListView<RunEvent> left = new ListView<>();
    private final ListView<RunEvent> right = new ListView<>();

    public HistoryView(HistoryViewModel model) {
        this(model, run -> {}, javafx.beans.binding.Bindings.createBooleanBinding(() -> false));
    }

    /**
     * The history, with Open (also a double click or Enter on a run) handing the selected run to {@code open}, except
     * while {@code busy} (a run is going, and would replace the run opened when it ends).
     */
    public HistoryView(HistoryViewModel model, java.util.function.Consumer<RunSummary> open,
            javafx.beans.value.ObservableBooleanValue busy) {
        this.model = model;
        setId("history-view");
        TextField harness = new TextField();
        harness.setId("history-harness");
        harness.setPromptText("harness");
        harness.textProperty().bindBidirectional(model.harnessFilter());
        ComboBox<Outcome> outcome = new ComboBox<>();
        outcome.setId("history-outcome");
        outcome.getItems().add(null);
        outcome.getItems().addAll(Outcome.values());
        outcome.setPromptText("any outcome");
        outcome.valueProperty().bindBidirectional(model.outcomeFilter());
        DatePicker from = new DatePicker();
        from.setPromptText("from");
        from.valueProperty().bindBidirectional(model.fromFilter());
        DatePicker to = new DatePicker();
        to.setPromptText("to");
        to.valueProperty().bindBidirectional(model.toFilter());
        Button refresh = new Button("Filter", new FontIcon(Feather.FILTER));
        refresh.setId("history-refresh");
        refresh.setOnAction(e -> model.refresh());
        Button delete = new Button("Delete", new FontIcon(Feather.TRASH_2));
        delete.setId("history-delete");
        delete.setOnAction(e -> model.delete(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Button compare = new Button("Compare", new FontIcon(Feather.COLUMNS));
        compare.setId("history-compare");
        compare.setOnAction(e -> {
            List<RunSummary> two = table.getSelectionModel().getSelectedItems();
            if (two.size() == 2) {
                model.compare(two.get(0), two.get(1));
            }
        });
        Button replay = new Button("Replay under…", new FontIcon(Feather.REPEAT));
        replay.setId("history-replay");
        replay.setTooltip(new javafx.scene.control.Tooltip("Replay the selection under another harness, offline"));
        replay.setOnAction(e -> ReplayWindow.chooseAndShow(getScene().getWindow(), java.nio.file.Path.of("."),
                model.replayer(), List.copyOf(table.getSelectionModel().getSelectedItems())));
        // Enabled as the selection allows: Delete and Replay with any run, Compare with exactly two.
        javafx.beans.binding.IntegerBinding selected =
                javafx.beans.binding.Bindings.size(table.getSelectionModel().getSelectedItems());
        delete.disableProperty().bind(selected.isEqualTo(0));
        compare.disableProperty().bind(selected.isNotEqualTo(2));
        replay.disableProperty().bind(selected.isEqualTo(0));
        compare.setTooltip(new javafx.scene.control.Tooltip("Select two runs (Ctrl+click) to compare them"));
        Button openRun = new Button("Open", new FontIcon(Feather.EYE));
        openRun.setId("history-open");
        openRun.setTooltip(new javafx.scene.control.Tooltip("Show the selected run in Events and the Inspector"
                + " (double click, Enter); not while a run is going"));
        openRun.disableProperty().bind(javafx.beans.binding.Bindings.size(table.getSelectionModel().getSelectedItems())
                .isNotEqualTo(1).or(javafx.beans.binding.BooleanExpression.booleanExpression(busy)));
        Runnable openSelected = () -> {
            if (!openRun.isDisabled()) {
                open.accept(table.getSelectionModel().getSelectedItem());
            }
        };
        openRun.setOnAction(e -> openSelected.run());
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<RunSummary> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openSelected.run();
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                openSelected.run();
            }
        });
        Label message = new Label();
        message.setId("history-message");
        message.textProperty().bind(model.messageProperty());
        for (javafx.scene.control.Control c : List.of(harness, outcome, from, to)) {
            c.setPrefWidth(140);
        }
        for (Button b : List.of(refresh, openRun, delete, compare, replay)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        // a narrow window wraps the bar onto a second line rather than cutting the buttons' names
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, harness, outcome, from, to, refresh,
                openRun, delete, compare, replay, message);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        setTop(bar);

        table.setId("history-table");
        table.setItems(model.runs());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs stored yet, or none matches the filters"));
        TableColumn<RunSummary, java.time.Instant> started = new TableColumn<>("started");
        started.setId("history-started");
        started.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(x.getValue().startedAt()));
        // Sorted by the instant, shown as a person reads a date, in the local time zone.
        started.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(java.time.Instant at, boolean empty) {
                super.updateItem(at, empty);
                setText(empty || at == null ? null : human(at, java.time.ZoneId.systemDefault()));
            }
        });
        // wide enough for the longest date ("Wed 30 Sep 2026, 23:59:59") in the default font
        started.setPrefWidth(225);
        started.setMinWidth(225);
        table.getColumns().setAll(List.of(
                started,
                column("harness", RunSummary::harness, 160),
                column("model", RunSummary::model, 180),
                // "interrupted" whole
                column("outcome", r -> r.outcome().map(Outcome::word).orElse("open"), 110),
                column("rule", r -> r.rule() == null ? "" : r.rule(), 140),
                column("steps", r -> String.valueOf(r.steps()), 80),
                column("reason", r -> r.reason() == null ? "" : r.reason(), 360)));
        left.setId("compare-left");
        right.setId("compare-right");
        left.setPlaceholder(placeholder("Select two runs and press Compare: the first one's events appear here"));
        right.setPlaceholder(placeholder("… and the second one's here, the first event where they differ selected"));
        left.setCellFactory(v -> cell());
        right.setCellFactory(v -> cell());
        SplitPane sides = new SplitPane(left, right);
        SplitPane all = new SplitPane(table, sides);
        all.setOrientation(Orientation.VERTICAL);
        all.setDividerPositions(0.5);
        setCenter(all);
        model.comparisonProperty().addListener((o, a, c) -> {
            if (c == null) {
                return;
            }
            left.getItems().setAll(c.leftEvents());
            right.getItems().setAll(c.rightEvents());
            c.divergence().ifPresent(d -> {
                int index = (int) d.seq() - 1;
                left.getSelectionModel().select(index);
                right.getSelectionModel().select(index);
                left.scrollTo(Math.max(0, index - 3));
                right.scrollTo(Math.max(0, index - 3));
            });
        });
    }

    private static Label placeholder(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        l.setPadding(new Insets(12));
        return l;
    }

    /** A run's start as a person reads it: {@code Sun 6 Dec 2026, 01:12:05}. */
    static String human(java.time.Instant at, java.time.ZoneId zone) {
        return HUMAN.format(at.atZone(zone));
    }

    private static final java.time.format.DateTimeFormatter HUMAN =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss", java.util.Locale.ENGLISH);

    private static ListCell<RunEvent> cell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(RunEvent e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.seq() + "  " + e.kind() + "  " + e.summary());
            }
        };
    }

    private static TableColumn<RunSummary, String> column(String title,
            java.util.function.Function<RunSummary, String> value, double width) {
        TableColumn<RunSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(value.apply(x.getValue())));
        c.setPrefWidth(width);
        // never narrower than its title, so no header reads "# st…"
        c.setMinWidth(Math.min(width, 8 * title.length() + 24));
        return c;
    }

    public TableView<RunSummary> table() {
        return table;
    }
}
