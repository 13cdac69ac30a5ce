package dev.bridle.app.graph;

import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A read-only drawing of a harness's workflow: a box per node, an arrow per hand-over, the start node tagged.
 * The graph sits on a canvas inside a scroll pane, so that a large workflow can be scrolled.
 */
public final class GraphView extends ScrollPane {

    private final Pane canvas = new Pane();

    public GraphView() {
        getStyleClass().add("graph-view");
        canvas.getStyleClass().add("graph-canvas");
        setContent(canvas);
        setFitToWidth(true);
        setFitToHeight(true);
        setPannable(true);
    }

    /** Draws {@code harness}, replacing what was drawn before. */
    public void show(Harness harness) {
        canvas.getChildren().clear();
        GraphLayout layout = GraphLayout.of(harness);
        Map<String, EdgeArrow.Box> boxes = new HashMap<>();
        layout.positions().forEach((id, p) ->
                boxes.put(id, new EdgeArrow.Box(p.x(), p.y(), GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT)));

        Set<String> drawn = new HashSet<>();
        for (Node node : harness.workflow().nodes().values()) {
            for (String next : node.successors()) {
                EdgeArrow.Box from = boxes.get(node.id());
                EdgeArrow.Box to = boxes.get(next);
                if (from == null || to == null || !drawn.add(node.id() + "\u0000" + next)) {
                    continue;
                }
                boolean pointsBack = harness.workflow().node(next)
                        .map(n -> n.successors().contains(node.id()))
                        .orElse(false);
                canvas.getChildren().add(next.equals(node.id()) ? EdgeArrow.selfLoop(from)
                        : EdgeArrow.between(from, to, pointsBack ? 6 : 0));
            }
        }
        String start = harness.workflow().start();
        for (Node node : harness.workflow().nodes().values()) {
            Position p = layout.positions().get(node.id());
            NodeBox box = new NodeBox(node, harness, node.id().equals(start));
            box.relocate(p.x(), p.y());
            canvas.getChildren().add(box);
        }
        Position startAt = layout.positions().get(start);
        if (startAt != null) {
            Label tag = new Label("start", new FontIcon(Feather.PLAY));
            tag.getStyleClass().add("start-tag");
            tag.setId("start-tag");
            tag.relocate(startAt.x(), startAt.y() - 28);
            canvas.getChildren().add(tag);
        }
        canvas.setMinSize(layout.width(), layout.height());
        canvas.setPrefSize(layout.width(), layout.height());
    }

    /** Draws nothing. */
    public void clear() {
        canvas.getChildren().clear();
        canvas.setMinSize(0, 0);
        canvas.setPrefSize(0, 0);
    }

    /** The canvas the graph is drawn on; tests and the editor look nodes up in it. */
    public Pane canvas() {
        return canvas;
    }
}
