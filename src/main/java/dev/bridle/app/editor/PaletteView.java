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
import org.kordamp.ikonli.javafx.FontIcon;

/** One entry per node kind: drag an entry onto the canvas to add a node there, or click it to add one beside the rest. */
public final class PaletteView extends VBox {

    /** A palette whose clicks call {@code add} with the kind. */
    public PaletteView(Consumer<String> add) {
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
    }
}
