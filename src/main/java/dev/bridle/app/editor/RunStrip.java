package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.app.graph.GuardChip;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The run strip along the top of the canvas: the guards that watch the whole run (no agent of their own), each as a
 * chip with its ladder of responses spelt out. A guard dragged from the palette onto the strip watches the whole
 * run; a click on a chip edits the guard in place.
 */
final class RunStrip extends FlowPane {

    private final EditorViewModel model;
    private final Label empty = new Label("drop a guard here to watch the whole run");

    RunStrip(EditorViewModel model, GuardInPlace editor) {
        super(6, 4);
        this.model = model;
        setId("run-strip");
        getStyleClass().add("run-strip");
        setAlignment(Pos.CENTER_LEFT);
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        model.document().harnessProperty().subscribe(this::show);
        setOnMouseClicked(e -> {
            for (javafx.scene.Node x = e.getPickResult().getIntersectedNode(); x != null && x != this;
                    x = x.getParent()) {
                if (x.getUserData() instanceof GuardChip.Ref ref) {
                    editor.open(ref.guardId(), x);
                    e.consume();
                    return;
                }
            }
        });
        setOnDragOver(e -> {
            if (guardKind(e) != null) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        setOnDragDropped(e -> {
            String kind = guardKind(e);
            e.setDropCompleted(kind != null && model.addGuard(kind, null));
            e.consume();
        });
    }

    private static String guardKind(DragEvent e) {
        String text = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
        return text.startsWith(PaletteView.GUARD_PREFIX) ? text.substring(PaletteView.GUARD_PREFIX.length()) : null;
    }

    private void show(Harness h) {
        getChildren().clear();
        if (h == null) {
            return;
        }
        Label title = new Label("Whole run", new FontIcon(Feather.SHIELD));
        title.getStyleClass().add("run-strip-title");
        getChildren().add(title);
        List<GuardSpec> run = h.guards().stream().filter(g -> g.agent().isEmpty()).toList();
        run.forEach(g -> getChildren().add(new GuardChip(g, true)));
        if (run.isEmpty()) {
            getChildren().add(empty);
        }
    }

    /** The chip of guard {@code id}, or {@code null}: for tests and the editor's reveal. */
    GuardChip chip(String id) {
        return getChildren().stream().filter(c -> c instanceof GuardChip g
                && g.getUserData() instanceof GuardChip.Ref r && r.guardId().equals(id))
                .map(GuardChip.class::cast).findFirst().orElse(null);
    }

    EditorViewModel model() {
        return model;
    }
}
