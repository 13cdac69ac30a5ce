package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.app.graph.NodeBox;
import dev.bridle.policy.Node;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One entry per node kind: drag an entry onto the canvas to add a node there, or click it to add one near the
 * selection. Below them, one entry per guard kind: drag one onto an agent node to watch that agent, or onto the run
 * strip or the empty canvas to watch the whole run; a click adds it to the selected agent node, else to the run.
 */
public final class PaletteView extends VBox {

    /** The text a guard entry puts on the dragboard: this prefix and the guard kind. */
    static final String GUARD_PREFIX = "bridle-guard:";

    /** A palette whose node clicks call {@code add} with the kind, and guard clicks {@code addGuard}. */
    public PaletteView(Consumer<String> add, Consumer<String> addGuard) {
        super(4);
        getStyleClass().add("palette");
        Label title = new Label("Nodes");
        title.getStyleClass().add(Styles.TEXT_CAPTION);
        getChildren().add(title);
        for (String kind : Node.KINDS) {
            Button entry = new Button(kind, new FontIcon(NodeBox.icon(kind)));
            entry.setId("palette-" + kind);
            entry.getStyleClass().addAll(Styles.FLAT, "palette-entry");
            entry.setAlignment(Pos.CENTER_LEFT);
            entry.setMaxWidth(Double.MAX_VALUE);
            entry.setTooltip(new Tooltip("Drag onto the canvas, or click to add a " + kind + " node"));
            entry.setOnAction(e -> add.accept(kind));
            entry.setOnDragDetected(e -> {
                Dragboard board = entry.startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putString(CanvasGestures.PALETTE_PREFIX + kind);
                board.setContent(content);
                e.consume();
            });
            getChildren().add(entry);
        }
        Label guards = new Label("Guards");
        guards.getStyleClass().addAll(Styles.TEXT_CAPTION, "palette-section");
        getChildren().add(guards);
        for (String kind : GuardEdits.KINDS) {
            Button entry = new Button(kind, new FontIcon(Feather.SHIELD));
            entry.setId("palette-guard-" + kind);
            entry.getStyleClass().addAll(Styles.FLAT, "palette-entry", "palette-guard");
            entry.setAlignment(Pos.CENTER_LEFT);
            entry.setMaxWidth(Double.MAX_VALUE);
            entry.setTooltip(new Tooltip("Drag onto an agent node to watch its agent, or onto the run strip to watch"
                    + " the whole run; click to add a " + kind + " guard to the selected agent node, else to the run"));
            entry.setOnAction(e -> addGuard.accept(kind));
            entry.setOnDragDetected(e -> {
                Dragboard board = entry.startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putString(GUARD_PREFIX + kind);
                board.setContent(content);
                e.consume();
            });
            getChildren().add(entry);
        }
    }
}
