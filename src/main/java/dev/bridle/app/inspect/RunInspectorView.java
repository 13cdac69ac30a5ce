package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import dev.bridle.store.ContextBucket;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
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

    private final RunInspectorViewModel model;
    private final TimelineCanvas timeline = new TimelineCanvas();
    private final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final TableView<RunEvent.PermissionChecked> table = new TableView<>();

    public RunInspectorView(RunInspectorViewModel model) {
        this.model = model;
        setId("run-inspector");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        ScrollPane lanes = new ScrollPane(timeline);
        lanes.setFitToWidth(true);
        getTabs().add(new Tab("Timeline", lanes));
        getTabs().add(new Tab("Context", chart()));
        getTabs().add(new Tab("Permissions", permissions()));
        getTabs().add(new Tab("Details", new EventDetailsView(model)));
        timeline.setOnSelect(model::select);
        model.inspectionProperty().subscribe(run -> {
            if (run != null) {
                timeline.show(run);
                fillChart(run);
            }
        });
        model.selectedProperty().addListener((o, a, e) -> timeline.select(e));
    }

    private BorderPane chart() {
        chart.setId("context-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
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
        for (ContextBucket b : run.context()) {
            max.getData().add(new XYChart.Data<>(b.lastSeq(), b.maxTokens()));
            min.getData().add(new XYChart.Data<>(b.lastSeq(), b.minTokens()));
        }
        java.util.List<XYChart.Series<Number, Number>> compactions = new java.util.ArrayList<>();
        XYChart.Series<Number, Number> budget = new XYChart.Series<>();
        int window = 0;
        for (RunEvent.ContextCompacted c : run.compactions()) {
            // One short vertical segment per compaction: from the size before down to the size after.
            XYChart.Series<Number, Number> drop = new XYChart.Series<>();
            drop.setName("compaction at #" + c.seq() + ": " + c.before() + " → " + c.after());
            drop.getData().add(new XYChart.Data<>(c.seq(), c.before()));
            drop.getData().add(new XYChart.Data<>(c.seq(), c.after()));
            compactions.add(drop);
            window = Math.max(window, c.window());
        }
        chart.getData().setAll(max, min);
        chart.getData().addAll(compactions);
        if (window > 0 && run.total() > 0) {
            budget.setName("budget (" + window + ")");
            budget.getData().add(new XYChart.Data<>(0, window));
            budget.getData().add(new XYChart.Data<>(run.total(), window));
            chart.getData().add(budget);
        }
    }

    private BorderPane permissions() {
        table.setId("permission-table");
        table.setItems(model.permissionChecks());
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
