package dev.bridle.app.graph;

import java.util.function.Supplier;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * A tooltip made the first time the mouse enters its node. A tooltip is a popup control, costly to make by the
 * thousand; a 500-node graph opens much faster when only the boxes the user points at get one.
 */
public final class LazyTooltip {

    private LazyTooltip() {}

    /** Gives {@code node} the tooltip {@code text} once the mouse first enters it. */
    public static void install(Node node, Supplier<String> text) {
        EventHandler<MouseEvent> first = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                node.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                Tooltip.install(node, new Tooltip(text.get()));
            }
        };
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, first);
    }
}
