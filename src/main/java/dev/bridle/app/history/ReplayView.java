package dev.bridle.app.history;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The summary of a replay of History's selection under another harness: the headline ("changes the outcome of 3 of
 * 40 runs"), progress while it runs, and one row per run; selecting a row opens it in History's comparison.
 */
public final class ReplayView extends BorderPane {

    private final TableView<ReplayViewModel.Row> table = new TableView<>();

    public ReplayView(ReplayViewModel model) {
        setId("replay-view");
        Label headline = new Label();
        headline.setId("replay-headline");
        headline.setWrapText(true);
        headline.textProperty().bind(model.headlineProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("replay-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        VBox top = new VBox(6, headline, progress);
        top.setPadding(new Insets(8));
        setTop(top);

        table.setId("replay-table");
        table.setItems(model.rows());
        table.setPlaceholder(new Label("no runs replayed yet"));
        table.getColumns().setAll(List.of(
                column("run", r -> r.run().startedAt() + "  " + r.run().id(), 300),
                column("outcome before → after", ReplayViewModel.Row::change, 420),
                column("decisions changed", r -> String.valueOf(r.replay().decisionsChanged()), 120),
                column("offline", r -> r.replay().undecidable() ? "cannot decide: "
                        + String.join("; ", r.replay().undecided()) : "", 320)));
        // A click on a run opens it in History's comparison, recorded left and replayed right.
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                model.open(row);
            }
        });
        setCenter(table);
    }

    private static TableColumn<ReplayViewModel.Row, String> column(String title,
            Function<ReplayViewModel.Row, String> value, double width) {
        TableColumn<ReplayViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(value.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public TableView<ReplayViewModel.Row> table() {
        return table;
    }
}
