package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.GuardSpec.Stage;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The responses of one guard as an editable ladder: a step per trigger (warn → nudge → escalate → stop), each a menu
 * that changes or removes it, and a {@code +} that adds a step at the end. Each change is one edit of the document.
 */
final class GuardLadder extends HBox {

    private final EditorViewModel model;

    GuardLadder(EditorViewModel model) {
        super(4);
        this.model = model;
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("guard-ladder-editor");
    }

    /** Shows the ladder of guard {@code index}. */
    void show(int index) {
        getChildren().clear();
        if (model.harness() == null || index < 0 || index >= model.harness().guards().size()) {
            return;
        }
        GuardSpec g = model.harness().guards().get(index);
        List<Stage> stages = g.stages();
        boolean single = g instanceof GuardSpec.Custom;
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0) {
                Label arrow = new Label("→");
                arrow.getStyleClass().add("ladder-arrow");
                getChildren().add(arrow);
            }
            int at = i;
            MenuButton step = new MenuButton(stages.get(i).word());
            step.setId("ladder-step-" + i);
            step.getStyleClass().addAll("ladder-step", "stage-" + stages.get(i).word(), Styles.SMALL);
            step.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a step's word is never cut
            for (Stage s : Stage.values()) {
                MenuItem item = new MenuItem(s.word());
                item.setOnAction(e -> change(index, stages, at, s));
                step.getItems().add(item);
            }
            MenuItem remove = new MenuItem("remove this step", new FontIcon(Feather.X));
            remove.setDisable(stages.size() == 1);
            remove.setOnAction(e -> change(index, stages, at, null));
            step.getItems().addAll(new SeparatorMenuItem(), remove);
            getChildren().add(step);
        }
        if (!single) {
            MenuButton add = new MenuButton(null, new FontIcon(Feather.PLUS));
            add.setId("ladder-add");
            add.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
            for (Stage s : Stage.values()) {
                MenuItem item = new MenuItem("then " + s.word());
                item.setOnAction(e -> {
                    List<Stage> next = new ArrayList<>(stages);
                    next.add(s);
                    model.setGuardStages(index, next);
                });
                add.getItems().add(item);
            }
            getChildren().add(add);
        }
    }

    private void change(int index, List<Stage> stages, int at, Stage to) {
        List<Stage> next = new ArrayList<>(stages);
        if (to == null) {
            next.remove(at);
        } else {
            next.set(at, to);
        }
        model.setGuardStages(index, next);
    }
}
