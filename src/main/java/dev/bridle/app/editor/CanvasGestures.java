package dev.bridle.app.editor;

import dev.bridle.app.graph.GuardChip;
import dev.bridle.policy.Position;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * The mouse and keyboard on the canvas: click and Shift+click select, a drag on the background draws a rubber band,
 * a drag on a node moves the selection (recorded as one edit when the mouse is released), a drag from a port
 * connects, the middle or right button (or Space with the left) pans, the wheel zooms around the cursor, Delete
 * deletes, and a palette entry dropped on the canvas adds a node there.
 */
final class CanvasGestures {

    /** The text a palette entry puts on the dragboard: this prefix and the node kind. */
    static final String PALETTE_PREFIX = "bridle-node:";

    private enum Mode { NONE, MOVE, BAND, PAN, CONNECT }

    private final GraphCanvas canvas;
    private final EditorViewModel model;
    private Mode mode = Mode.NONE;
    private boolean space;
    private double startX;
    private double startY;
    private Point2D startWorld;
    private final Map<String, Position> dragStart = new LinkedHashMap<>();
    private boolean moved;
    private final Rectangle band = new Rectangle();
    private final Line wire = new Line();
    private String wireFrom;
    private Port wirePort;

    CanvasGestures(GraphCanvas canvas, EditorViewModel model) {
        this.canvas = canvas;
        this.model = model;
        band.getStyleClass().add("rubber-band");
        band.setManaged(false);
        band.setMouseTransparent(true);
        wire.getStyleClass().add("connection-wire");
        wire.setMouseTransparent(true);
    }

    void install() {
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        canvas.addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                space = false;
            }
        });
        canvas.setOnDragOver(this::dragOver);
        canvas.setOnDragDropped(this::dropped);
    }

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        startX = e.getX();
        startY = e.getY();
        startWorld = canvas.toWorld(e.getX(), e.getY());
        if (e.getButton() == MouseButton.MIDDLE || e.getButton() == MouseButton.SECONDARY
                || e.getButton() == MouseButton.PRIMARY && space) {
            mode = Mode.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        Node target = e.getPickResult().getIntersectedNode();
        Node chip = findChip(target);
        if (chip != null) {
            // a guard chip on a node opens the guard's editor where it is, rather than picking up the node
            canvas.guardChipClicked(((GuardChip.Ref) chip.getUserData()).guardId(), chip);
            mode = Mode.NONE;
            e.consume();
            return;
        }
        Port port = find(target, Port.class);
        NodeSkin skin = findSkin(target);
        EdgeSkin edge = findEdge(target);
        if (port != null && skin != null) {
            mode = Mode.CONNECT;
            wireFrom = skin.id();
            wirePort = port;
            Point2D a = skin.portPoint(port);
            wire.setStartX(a.getX());
            wire.setStartY(a.getY());
            wire.setEndX(a.getX());
            wire.setEndY(a.getY());
            canvas.world().getChildren().add(wire);
        } else if (skin != null) {
            if (e.isShiftDown()) {
                model.selection().toggleNode(skin.id());
            } else if (!model.selection().nodes().contains(skin.id())) {
                model.selection().selectNode(skin.id());
            }
            mode = Mode.MOVE;
            moved = false;
            dragStart.clear();
            for (String id : model.selection().nodes()) {
                Position p = canvas.place(id);
                if (p != null) {
                    dragStart.put(id, p);
                }
            }
        } else if (edge != null) {
            model.selection().selectEdge(edge.ref());
            mode = Mode.NONE;
        } else {
            if (!e.isShiftDown()) {
                model.selection().clear();
            }
            mode = Mode.BAND;
            band.setX(e.getX());
            band.setY(e.getY());
            band.setWidth(0);
            band.setHeight(0);
            canvas.overlay().getChildren().setAll(band);
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        switch (mode) {
            case PAN -> {
                canvas.viewMovedByUser();
                canvas.panBy(e.getX() - startX, e.getY() - startY);
                startX = e.getX();
                startY = e.getY();
            }
            case MOVE -> {
                Point2D w = canvas.toWorld(e.getX(), e.getY());
                double dx = EditorViewModel.snap(w.getX() - startWorld.getX());
                double dy = EditorViewModel.snap(w.getY() - startWorld.getY());
                moved |= dx != 0 || dy != 0;
                Map<String, Position> live = new HashMap<>();
                dragStart.forEach((id, p) -> live.put(id, new Position(p.x() + dx, p.y() + dy)));
                canvas.moveLive(live);
            }
            case BAND -> {
                band.setX(Math.min(startX, e.getX()));
                band.setY(Math.min(startY, e.getY()));
                band.setWidth(Math.abs(e.getX() - startX));
                band.setHeight(Math.abs(e.getY() - startY));
            }
            case CONNECT -> {
                Point2D w = canvas.toWorld(e.getX(), e.getY());
                wire.setEndX(w.getX());
                wire.setEndY(w.getY());
            }
            case NONE -> {
                return;
            }
        }
        e.consume();
    }

    private void released(MouseEvent e) {
        switch (mode) {
            case MOVE -> {
                if (moved) {
                    Map<String, Position> to = new HashMap<>();
                    dragStart.keySet().forEach(id -> to.put(id, canvas.place(id)));
                    model.moveNodes(to);
                }
            }
            case BAND -> {
                Point2D a = canvas.toWorld(band.getX(), band.getY());
                Point2D b = canvas.toWorld(band.getX() + band.getWidth(), band.getY() + band.getHeight());
                Bounds area = new javafx.geometry.BoundingBox(a.getX(), a.getY(), b.getX() - a.getX(),
                        b.getY() - a.getY());
                if (area.getWidth() > 2 || area.getHeight() > 2) {
                    canvas.nodeBounds().forEach((id, bounds) -> {
                        if (area.intersects(bounds) && !model.selection().nodes().contains(id)) {
                            model.selection().nodes().add(id);
                        }
                    });
                }
                canvas.overlay().getChildren().clear();
            }
            case CONNECT -> {
                canvas.world().getChildren().remove(wire);
                String target = canvas.nodeAt(canvas.toWorld(e.getX(), e.getY()));
                if (target != null) {
                    model.connect(wireFrom, wirePort, target);
                }
            }
            default -> {
                // nothing to finish
            }
        }
        mode = Mode.NONE;
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() != 0) {
            canvas.viewMovedByUser();
            canvas.zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
            e.consume();
        }
    }

    private void keyPressed(KeyEvent e) {
        if (e.getCode() == KeyCode.SPACE) {
            space = true;
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            model.deleteSelection();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            model.selection().clear();
            e.consume();
        }
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasString() && (e.getDragboard().getString().startsWith(PALETTE_PREFIX)
                || e.getDragboard().getString().startsWith(PaletteView.GUARD_PREFIX))) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        }
    }

    private void dropped(DragEvent e) {
        String text = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
        boolean done = false;
        if (text.startsWith(PALETTE_PREFIX)) {
            Point2D w = canvas.toWorld(e.getX(), e.getY());
            done = model.addNode(text.substring(PALETTE_PREFIX.length()),
                    new Position(w.getX() - NodeSkin.WIDTH / 2, w.getY() - NodeSkin.HEIGHT / 2)) != null;
        } else if (text.startsWith(PaletteView.GUARD_PREFIX)) {
            // on a node: it watches the node's agent; on the empty canvas: the whole run
            String node = canvas.nodeAt(canvas.toWorld(e.getX(), e.getY()));
            done = model.addGuard(text.substring(PaletteView.GUARD_PREFIX.length()), node);
        }
        e.setDropCompleted(done);
        e.consume();
    }

    private static <T> T find(Node n, Class<T> type) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (type.isInstance(x.getUserData())) {
                return type.cast(x.getUserData());
            }
            if (x instanceof NodeSkin) {
                return null;
            }
        }
        return null;
    }

    private static Node findChip(Node n) {
        for (Node x = n; x != null && !(x instanceof NodeSkin); x = x.getParent()) {
            if (x.getUserData() instanceof GuardChip.Ref) {
                return x;
            }
        }
        return null;
    }

    private static NodeSkin findSkin(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (x instanceof NodeSkin s) {
                return s;
            }
        }
        return null;
    }

    private static EdgeSkin findEdge(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (x instanceof EdgeSkin s) {
                return s;
            }
        }
        return null;
    }
}
