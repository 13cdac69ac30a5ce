package dev.bridle.app.editor;

import dev.bridle.policy.Position;
import java.util.Map;
import java.util.function.BiConsumer;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;

/**
 * The whole graph in small, in the canvas's corner, when it does not fit the view at the smallest fitting zoom: every
 * node as a box, and the part in view as a frame. A click or a drag on it moves the view there, so that a large graph
 * is panned rather than shrunk until nothing can be read.
 */
final class Minimap extends Region {

    static final double WIDTH = 160;
    static final double HEIGHT = 100;
    private static final double PAD = 6;
    /** The smallest it is drawn at, as a share of its full size: smaller, its boxes could not be told apart. */
    static final double SMALLEST = 0.6;

    private final Scale size = new Scale(1, 1, 0, 0);

    private final Canvas boxes = new Canvas(WIDTH, HEIGHT);
    private final Rectangle frame = new Rectangle();
    private Bounds world = new BoundingBox(0, 0, 1, 1);
    private double scale = 1;

    /** A minimap that calls {@code centreOn} with the world point the user clicked or dragged to. */
    Minimap(BiConsumer<Double, Double> centreOn) {
        setId("minimap");
        getStyleClass().add("minimap");
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        frame.getStyleClass().add("minimap-frame");
        frame.setMouseTransparent(true);
        getChildren().addAll(boxes, frame);
        // scaled about its top left corner: a click's local point stays a point of the full-size drawing
        getTransforms().add(size);
        javafx.event.EventHandler<MouseEvent> move = e -> {
            centreOn.accept(world.getMinX() + (e.getX() - PAD) / scale, world.getMinY() + (e.getY() - PAD) / scale);
            e.consume();
        };
        setOnMousePressed(move);
        setOnMouseDragged(move);
        setOnMouseReleased(MouseEvent::consume);
    }

    /** Draws it at {@code share} of its full size (at most 1), on a canvas too small for the full size. */
    void setSize(double share) {
        size.setX(Math.min(1, share));
        size.setY(Math.min(1, share));
    }

    /** The share of its full size it is drawn at. */
    double size() {
        return size.getX();
    }

    /** Draws the nodes at {@code places}. */
    void draw(Map<String, Position> places, Color fill) {
        GraphicsContext g = boxes.getGraphicsContext2D();
        g.clearRect(0, 0, WIDTH, HEIGHT);
        if (places.isEmpty()) {
            return;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Position p : places.values()) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x() + NodeSkin.WIDTH);
            maxY = Math.max(maxY, p.y() + NodeSkin.HEIGHT);
        }
        world = new BoundingBox(minX, minY, maxX - minX, maxY - minY);
        scale = Math.min((WIDTH - 2 * PAD) / world.getWidth(), (HEIGHT - 2 * PAD) / world.getHeight());
        g.setFill(fill);
        for (Position p : places.values()) {
            g.fillRect(PAD + (p.x() - minX) * scale, PAD + (p.y() - minY) * scale,
                    Math.max(2, NodeSkin.WIDTH * scale), Math.max(2, NodeSkin.HEIGHT * scale));
        }
    }

    /** Frames the part of the world in view. */
    void frame(Bounds view) {
        double x = PAD + (view.getMinX() - world.getMinX()) * scale;
        double y = PAD + (view.getMinY() - world.getMinY()) * scale;
        double x2 = Math.min(WIDTH - 1, x + view.getWidth() * scale);
        double y2 = Math.min(HEIGHT - 1, y + view.getHeight() * scale);
        x = Math.max(1, x);
        y = Math.max(1, y);
        frame.setX(x);
        frame.setY(y);
        frame.setWidth(Math.max(4, x2 - x));
        frame.setHeight(Math.max(4, y2 - y));
    }

    /** Whether the framed view covers the whole graph: then the minimap is not needed. */
    static boolean covers(Bounds view, Map<String, Position> places) {
        for (Position p : places.values()) {
            if (p.x() < view.getMinX() || p.y() < view.getMinY() || p.x() + NodeSkin.WIDTH > view.getMaxX()
                    || p.y() + NodeSkin.HEIGHT > view.getMaxY()) {
                return false;
            }
        }
        return true;
    }
}
