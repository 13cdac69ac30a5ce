package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.Problem;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The problems of the document, as the validator finds them; clicking one selects what it is about. */
public final class ProblemsView extends ListView<Problem> {

    public ProblemsView(EditorViewModel model) {
        super(model.document().problems());
        setId("editor-problems");
        getStyleClass().addAll("problems-view", Styles.DENSE);
        setPlaceholder(new javafx.scene.control.Label("No problems"));
        setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                boolean warning = p.severity() == Problem.Severity.WARNING;
                setText(p.location().line() + ":" + p.location().column() + "  " + p.message());
                FontIcon icon = new FontIcon(warning ? Feather.ALERT_TRIANGLE : Feather.ALERT_OCTAGON);
                icon.getStyleClass().add(warning ? "warning-icon" : "error-icon");
                setGraphic(icon);
                pseudoClassStateChanged(Styles.STATE_WARNING, warning);
                pseudoClassStateChanged(Styles.STATE_DANGER, !warning);
            }
        });
        getSelectionModel().selectedItemProperty().subscribe(p -> {
            if (p != null) {
                model.reveal(ProblemTarget.of(p));
            }
        });
        setOnMouseClicked(e -> {
            Problem p = getSelectionModel().getSelectedItem();
            if (p != null) {
                model.reveal(ProblemTarget.of(p));
            }
        });
    }
}
