package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A guard edited where it is drawn: a small panel beside the chip that was clicked, with the guard's ladder of
 * responses, its fields (the inspector's guard form) and a button that removes it. It follows the document while
 * open, and closes when the guard is gone or the user clicks elsewhere.
 */
final class GuardInPlace {

    private final EditorViewModel model;
    private final Popup popup = new Popup();
    private final Label title = new Label();
    private final GuardLadder ladder;
    private final FormSheet form;
    private String guardId;
    private int lastIndex = -1;
    private final ChangeListener<Harness> follow = (o, was, now) -> refresh();

    GuardInPlace(EditorViewModel model) {
        this.model = model;
        this.ladder = new GuardLadder(model);
        this.form = new FormSheet(model.document());
        title.getStyleClass().add(Styles.TITLE_4);
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId("guard-remove");
        remove.getStyleClass().addAll(Styles.DANGER, Styles.SMALL);
        remove.setOnAction(e -> {
            model.removeGuard(index());
            popup.hide();
        });
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setOnAction(e -> popup.hide());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label responds = new Label("responds, trigger after trigger");
        responds.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox box = new VBox(8, new HBox(8, title, gap, remove, close), responds, ladder, form);
        box.setId("guard-in-place");
        box.getStyleClass().add("guard-in-place");
        box.setPadding(new Insets(10));
        box.setPrefWidth(420);
        remove.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(0);
        popup.getContent().add(box);
        popup.setAutoHide(true);
        popup.setOnHidden(e -> {
            model.document().harnessProperty().removeListener(follow);
            guardId = null;
        });
    }

    /** Opens the editor of guard {@code id} beside {@code anchor}. */
    void open(String id, Node anchor) {
        guardId = id;
        lastIndex = -1;
        if (index() < 0) {
            return;
        }
        refresh();
        model.document().harnessProperty().removeListener(follow);
        model.document().harnessProperty().addListener(follow);
        var b = anchor.localToScreen(anchor.getBoundsInLocal());
        // a popup has a scene of its own: it takes the window's stylesheets (the theme is the application's)
        if (anchor.getScene() != null && popup.getContent().getFirst() instanceof javafx.scene.Parent p) {
            p.getStylesheets().setAll(anchor.getScene().getStylesheets());
        }
        // owned by the window, not the chip: an edit redraws the chip, and a popup closes with its owner node
        popup.show(anchor.getScene().getWindow(), b.getMinX(), b.getMaxY() + 4);
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    void hide() {
        popup.hide();
    }

    private int index() {
        Harness h = model.harness();
        if (h == null || guardId == null) {
            return -1;
        }
        for (int i = 0; i < h.guards().size(); i++) {
            if (h.guards().get(i).id().equals(guardId)) {
                return i;
            }
        }
        return -1;
    }

    private void refresh() {
        int i = index();
        Harness h = model.harness();
        if (i < 0 && h != null && lastIndex >= 0 && lastIndex < h.guards().size()) {
            // renamed in the form: it is still the guard at the place shown
            guardId = h.guards().get(lastIndex).id();
            i = lastIndex;
        }
        if (i < 0) {
            popup.hide();
            return;
        }
        lastIndex = i;
        GuardSpec g = model.harness().guards().get(i);
        title.setText(g.kind() + " guard '" + g.id() + "'");
        ladder.show(i);
        if (!(form.form() instanceof GuardForm gf) || gf.index() != i) {
            form.show(new GuardForm(model.document()::harness, i));
        }
    }
}
