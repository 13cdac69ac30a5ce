package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.app.graph.NodeBox;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The guards of the harness: a list, a menu to add a guard of any kind, and the form of the selected guard. */
public final class GuardEditorView extends VBox {

    private final HarnessDocument document;
    private final ObservableList<GuardSpec> guards = FXCollections.observableArrayList();
    private final ListView<GuardSpec> list = new ListView<>(guards);
    private final FormSheet form;

    public GuardEditorView(HarnessDocument document) {
        super(6);
        this.document = document;
        getStyleClass().add("guard-editor");
        form = new FormSheet(document);
        list.setId("guards");
        list.setPrefHeight(160);
        list.getStyleClass().add(Styles.DENSE);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(GuardSpec g, boolean empty) {
                super.updateItem(g, empty);
                setText(empty || g == null ? null : g.id() + "  ·  " + NodeBox.badgeText(g)
                        + g.agent().map(a -> "  (" + a + ")").orElse(""));
                setGraphic(empty || g == null ? null : new FontIcon(Feather.SHIELD));
            }
        });
        MenuButton add = new MenuButton("Add guard", new FontIcon(Feather.PLUS));
        add.setId("add-guard");
        for (String kind : GuardEdits.KINDS) {
            MenuItem item = new MenuItem(kind);
            item.setId("add-guard-" + kind);
            item.setOnAction(e -> addGuard(kind));
            add.getItems().add(item);
        }
        Button remove = new Button(null, new FontIcon(Feather.TRASH_2));
        remove.setId("remove-guard");
        remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        remove.setTooltip(new Tooltip("Remove the selected guard"));
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                document.execute(GuardEdits.remove(i));
            }
        });
        HBox bar = new HBox(6, add, remove);
        getChildren().addAll(bar, list, form);
        VBox.setVgrow(form, Priority.ALWAYS);
        list.getSelectionModel().selectedIndexProperty().subscribe(i -> showForm(i.intValue()));
        document.harnessProperty().subscribe(this::harnessChanged);
    }

    /** Adds a guard of {@code kind} with default limits and selects it. */
    public void addGuard(String kind) {
        Harness h = document.harness();
        if (h != null && document.execute(GuardEdits.add(GuardEdits.create(kind, GuardEdits.freshId(kind, h))))) {
            select(document.harness().guards().size() - 1);
        }
    }

    /** Selects the guard at {@code index}. */
    public void select(int index) {
        list.getSelectionModel().select(index);
    }

    /** The form of the selected guard. */
    public FormSheet form() {
        return form;
    }

    private void harnessChanged(Harness h) {
        int selected = list.getSelectionModel().getSelectedIndex();
        if (h == null) {
            guards.clear();
            return;
        }
        if (!guards.equals(h.guards())) {
            guards.setAll(h.guards());
            if (selected >= 0 && selected < guards.size()) {
                list.getSelectionModel().select(selected);
            }
        }
    }

    private void showForm(int index) {
        form.show(index < 0 ? null : new GuardForm(document::harness, index));
    }
}
