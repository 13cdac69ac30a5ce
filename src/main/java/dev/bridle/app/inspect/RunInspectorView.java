package dev.bridle.app.inspect;

import dev.bridle.app.lists.UniformRows;
import dev.bridle.event.RunEvent;
import dev.bridle.store.ContextBucket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Rectangle;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The run inspector: a timeline with one lane per agent, the context size over the run with its budget and
 * compactions, the permission checks with filters, and the selected event's details: prompt, response, tool
 * arguments and results, the context diff against the previous step, "Why?" and the event as recorded.
 */
public final class RunInspectorView extends TabPane {

    /** Up to this many compactions each get a series and a legend entry of their own; more are drawn as one path. */
    static final int NAMED_COMPACTIONS = 20;

    private final RunInspectorViewModel model;
    private final TimelineCanvas timeline = new TimelineCanvas();
    private final ContextChart chart = new ContextChart();
    private final TableView<RunEvent.PermissionChecked> table = new TableView<>();
    private final FlowPane legend = new FlowPane(12, 4);

    public RunInspectorView(RunInspectorViewModel model) {
        this.model = model;
        setId("run-inspector");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        ScrollPane lanes = new ScrollPane(timeline);
        lanes.setFitToWidth(true);
        lanes.setId("timeline-pane");
        BorderPane timelinePane = new BorderPane(lanes, legend, null, null, null);
        legend.setId("timeline-legend");
        legend.setPadding(new Insets(4, 6, 4, 6));
        getTabs().add(new Tab("Timeline", timelinePane));
        getTabs().add(new Tab("Context", chart()));
        getTabs().add(new Tab("Permissions", permissions()));
        Tab details = new Tab("Details", new EventDetailsView(model));
        // Details stays the fourth tab (the screenshots select it by index); Files comes last.
        getTabs().add(details);
        getTabs().add(new Tab("Files", files(details)));
        timeline.setOnSelect(model::select);
        // Also the run shown before this view was made.
        model.inspectionProperty().subscribe(run -> {
            if (run != null) {
                timeline.show(run, model.pages());
                fillLegend(run);
                fillChart(run);
            }
        });
        model.selectedProperty().addListener((o, a, e) -> timeline.select(e));
    }

    /** The timeline's legend: a swatch and a word for each kind of mark the run's first page has (all when empty). */
    private void fillLegend(RunInspection run) {
        Set<String> present = new HashSet<>();
        run.events().forEach(e -> present.add(RunInspection.category(e)));
        legend.getChildren().clear();
        TimelineCanvas.KINDS.forEach((kind, words) -> {
            if (present.isEmpty() || present.contains(kind)) {
                Label entry = new Label(words, new Rectangle(10, 10, TimelineCanvas.COLOURS.get(kind)));
                entry.setId("legend-" + kind);
                legend.getChildren().add(entry);
            }
        });
    }

    /** The timeline, for tests and screenshots. */
    TimelineCanvas timeline() {
        return timeline;
    }

    /** The files each step touched; clicking one selects its event and shows its details. */
    private BorderPane files(Tab details) {
        javafx.scene.control.ListView<RunInspectorViewModel.FileRow> list =
                new javafx.scene.control.ListView<>(model.files());
        list.setId("workspace-files");
        list.setPlaceholder(new Label("the run changed no file in the workspace"));
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(RunInspectorViewModel.FileRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.text());
            }
        });
        list.getStyleClass().add("monospace");
        list.setOnMouseClicked(e -> {
            RunInspectorViewModel.FileRow row = list.getSelectionModel().getSelectedItem();
            if (row != null) {
                model.selectFile(row);
                getSelectionModel().select(details);
            }
        });
        Label note = new Label();
        note.setId("workspace-files-note");
        note.textProperty().bind(model.filesNoteProperty());
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        BorderPane pane = new BorderPane(list, note, null, null, null);
        pane.setPadding(new Insets(4));
        return pane;
    }

    private BorderPane chart() {
        chart.setId("context-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        // The series come in order of seq already; sorting thousands of points again on every layout is waste.
        chart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        chart.getXAxis().setLabel("event");
        chart.getYAxis().setLabel("context tokens");
        BorderPane pane = new BorderPane(chart);
        pane.setPadding(new Insets(4));
        return pane;
    }

    private void fillChart(RunInspection run) {
        XYChart.Series<Number, Number> max = new XYChart.Series<>();
        max.setName("context (max per bucket)");
        XYChart.Series<Number, Number> min = new XYChart.Series<>();
        min.setName("context (min per bucket)");
        List<RunEvent.ContextCompacted> all = run.compactions();
        List<ContextPoints.Point> points = ContextPoints.of(run.context(), all);
        max.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.seq(), p.max())).toList());
        min.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.seq(), p.min())).toList());
        List<XYChart.Series<Number, Number>> series = new ArrayList<>(List.of(max, min));
        chart.eventAxis(run.total());
        if (all.size() <= NAMED_COMPACTIONS) {
            for (RunEvent.ContextCompacted c : all) {
                // One short vertical segment per compaction: from the size before down to the size after.
                XYChart.Series<Number, Number> drop = new XYChart.Series<>();
                drop.setName("compaction at #" + c.seq() + ": " + c.before() + " → " + c.after());
                drop.getData().add(new XYChart.Data<>(c.seq(), c.before()));
                drop.getData().add(new XYChart.Data<>(c.seq(), c.after()));
                series.add(drop);
            }
            chart.setDrops(List.of(), 0);
        } else {
            // Their legend entry, and the largest drop, which gives the axis the range of all of them.
            XYChart.Series<Number, Number> drops = new XYChart.Series<>();
            drops.setName(all.size() + " compactions");
            long at = all.getFirst().seq();
            drops.getData().add(new XYChart.Data<>(at,
                    all.stream().mapToInt(RunEvent.ContextCompacted::before).max().orElse(0)));
            drops.getData().add(new XYChart.Data<>(at,
                    all.stream().mapToInt(RunEvent.ContextCompacted::after).min().orElse(0)));
            chart.setDrops(all, series.size());
            series.add(drops);
        }
        int window = all.stream().mapToInt(RunEvent.ContextCompacted::window).max().orElse(0);
        if (window > 0 && run.total() > 0) {
            XYChart.Series<Number, Number> budget = new XYChart.Series<>();
            budget.setName("budget (" + window + ")");
            budget.getData().add(new XYChart.Data<>(0, window));
            budget.getData().add(new XYChart.Data<>(run.total(), window));
            series.add(budget);
        }
        chart.getData().setAll(series);
    }

    private BorderPane permissions() {
        table.setId("permission-table");
        table.setItems(model.permissionChecks());
        Label placeholder = new Label();
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.checksPendingProperty().get() ? "reading the permission checks…"
                        : !model.checksProblemProperty().get().isEmpty() ? model.checksProblemProperty().get()
                        : !model.allPermissionChecks().isEmpty() ? "no check matches the filters"
                        : "no permission checks",
                model.checksPendingProperty(), model.checksProblemProperty(), model.allPermissionChecks()));
        table.setPlaceholder(placeholder);
        UniformRows.of(table);
        table.getColumns().add(column("seq", "seq", 60));
        table.getColumns().add(column("step", "step", 50));
        table.getColumns().add(column("effect", "effect", 70));
        table.getColumns().add(column("agent", "agent", 110));
        table.getColumns().add(column("tool", "tool", 100));
        table.getColumns().add(column("rule", "rule", 150));
        table.getColumns().add(column("resource", "resource", 420));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> {
            if (e != null) {
                model.select(e);
            }
        });
        HBox filters = new HBox(8, new Label("effect"), filter("filter-effect", model.effectFilter(),
                RunEvent.PermissionChecked::effect), new Label("agent"), filter("filter-agent", model.agentFilter(),
                RunEvent.PermissionChecked::agent), new Label("tool"), filter("filter-tool", model.toolFilter(),
                RunEvent.PermissionChecked::tool), new Label("rule"), filter("filter-rule", model.ruleFilter(),
                RunEvent.PermissionChecked::rule));
        filters.setPadding(new Insets(4));
        BorderPane pane = new BorderPane(table, filters, null, null, null);
        HBox.setHgrow(table, Priority.ALWAYS);
        return pane;
    }

    private ComboBox<String> filter(String id, ObjectProperty<String> property,
            java.util.function.Function<RunEvent.PermissionChecked, String> column) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setValue(RunInspectorViewModel.ANY);
        box.setOnShowing(e -> box.getItems().setAll(model.choices(column)));
        box.valueProperty().bindBidirectional(property);
        return box;
    }

    private static <T> TableColumn<RunEvent.PermissionChecked, T> column(String title, String property,
            double width) {
        TableColumn<RunEvent.PermissionChecked, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value(cell.getValue(), property)));
        c.setPrefWidth(width);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(RunEvent.PermissionChecked p, String property) {
        return (T) switch (property) {
            case "seq" -> (Object) p.seq();
            case "step" -> p.step();
            case "effect" -> p.effect();
            case "agent" -> p.agent();
            case "tool" -> p.tool();
            case "rule" -> p.rule();
            default -> p.resource();
        };
    }
}
