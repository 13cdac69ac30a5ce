package dev.bridle.app.editor;

import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.SetChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The editable workflow graph: the editor's nodes and edges drawn by skins from the harness, which is plain data.
 * The drawing sits in a world group under a {@link Translate} (pan) and a {@link Scale} bound to a clamped zoom
 * property; {@link CanvasGestures} turns the mouse and keys into selection changes and edits.
 */
public final class GraphCanvas extends Region {

    public static final double MIN_ZOOM = 0.25;
    public static final double MAX_ZOOM = 4;

    private final EditorViewModel model;
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1) {
        @Override
        public void set(double v) {
            super.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v)));
        }
    };
    private final Translate pan = new Translate();
    private final Scale scale = new Scale();
    private final Group world = new Group();
    private final Group edgeLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Group overlay = new Group();
    private final Rectangle clip = new Rectangle();
    private final Label startTag = new Label("start", new FontIcon(Feather.PLAY));
    private final Map<String, NodeSkin> skins = new LinkedHashMap<>();
    private final List<EdgeSkin> edges = new ArrayList<>();
    private boolean fitPending = true;
    /** Until the user zooms or pans, the graph is kept fitted to the canvas as the canvas is resized. */
    private boolean autoFit = true;

    public GraphCanvas(EditorViewModel model) {
        this.model = model;
        getStyleClass().add("graph-canvas");
        setFocusTraversable(true);
        scale.xProperty().bind(zoom);
        scale.yProperty().bind(zoom);
        world.getTransforms().setAll(pan, scale);
        startTag.getStyleClass().add("start-tag");
        startTag.setId("start-tag");
        startTag.setMouseTransparent(true);
        world.getChildren().addAll(edgeLayer, nodeLayer, startTag);
        getChildren().addAll(world, overlay);
        setClip(clip);
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        model.positionsProperty().subscribe(p -> refresh());
        model.selection().nodes().addListener((SetChangeListener<String>) c -> showSelection());
        model.selection().edgeProperty().subscribe(e -> showSelection());
        new CanvasGestures(this, model).install();
        setMinSize(100, 100);
        widthProperty().addListener((o, was, now) -> refit());
        heightProperty().addListener((o, was, now) -> refit());
    }

    private void refit() {
        if (autoFit && !skins.isEmpty()) {
            fitPending = true;
            requestLayout();
        }
    }

    /** Called by gestures that move the view: from then on, resizing leaves the view alone. */
    void viewMovedByUser() {
        autoFit = false;
    }

    /** The zoom factor, always within {@value #MIN_ZOOM}–{@value #MAX_ZOOM}. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public double panX() {
        return pan.getX();
    }

    public double panY() {
        return pan.getY();
    }

    void panBy(double dx, double dy) {
        pan.setX(pan.getX() + dx);
        pan.setY(pan.getY() + dy);
    }

    /** Zooms by {@code factor} keeping the canvas point {@code (x, y)} (the cursor) where it is. */
    public void zoomAt(double x, double y, double factor) {
        double before = zoom.get();
        Point2D w = toWorld(x, y);
        zoom.set(before * factor);
        pan.setX(x - w.getX() * zoom.get());
        pan.setY(y - w.getY() * zoom.get());
    }

    public void zoomIn() {
        autoFit = false;
        zoomAt(getWidth() / 2, getHeight() / 2, 1.25);
    }

    public void zoomOut() {
        autoFit = false;
        zoomAt(getWidth() / 2, getHeight() / 2, 0.8);
    }

    /** Zooms and pans so that the whole graph is in view (never enlarged beyond 100 %). */
    public void fit() {
        autoFit = true;
        if (skins.isEmpty() || getWidth() <= 0 || getHeight() <= 0) {
            zoom.set(1);
            pan.setX(0);
            pan.setY(0);
            return;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (NodeSkin s : skins.values()) {
            minX = Math.min(minX, s.getLayoutX());
            minY = Math.min(minY, s.getLayoutY() - 30);
            maxX = Math.max(maxX, s.getLayoutX() + NodeSkin.WIDTH);
            maxY = Math.max(maxY, s.getLayoutY() + NodeSkin.HEIGHT);
        }
        double margin = 40;
        double z = Math.min(1, Math.min((getWidth() - 2 * margin) / (maxX - minX),
                (getHeight() - 2 * margin) / (maxY - minY)));
        zoom.set(z);
        double zz = zoom.get();
        pan.setX((getWidth() - (maxX - minX) * zz) / 2 - minX * zz);
        pan.setY((getHeight() - (maxY - minY) * zz) / 2 - minY * zz);
    }

    /** The world (graph) point under the canvas point {@code (x, y)}. */
    Point2D toWorld(double x, double y) {
        return new Point2D((x - pan.getX()) / zoom.get(), (y - pan.getY()) / zoom.get());
    }

    Group overlay() {
        return overlay;
    }

    Group world() {
        return world;
    }

    Map<String, NodeSkin> skins() {
        return skins;
    }

    /** The node whose box holds the world point {@code p}, or {@code null}. */
    NodeSkin nodeAt(Point2D p) {
        List<NodeSkin> all = new ArrayList<>(skins.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            NodeSkin s = all.get(i);
            if (p.getX() >= s.getLayoutX() && p.getX() <= s.getLayoutX() + NodeSkin.WIDTH
                    && p.getY() >= s.getLayoutY() && p.getY() <= s.getLayoutY() + NodeSkin.HEIGHT) {
                return s;
            }
        }
        return null;
    }

    /** Draws the model again: skins whose look is unchanged are kept, the edges are routed anew. */
    void refresh() {
        Harness h = model.harness();
        Map<String, Position> positions = model.positionsProperty().get();
        if (h == null) {
            skins.clear();
            nodeLayer.getChildren().clear();
            edgeLayer.getChildren().clear();
            edges.clear();
            startTag.setVisible(false);
            return;
        }
        Map<String, NodeSkin> next = new LinkedHashMap<>();
        boolean changed = skins.size() != h.workflow().nodes().size();
        for (Node n : h.workflow().nodes().values()) {
            NodeSkin.Look look = NodeSkin.Look.of(n, h);
            NodeSkin s = skins.get(n.id());
            if (s == null || !s.look().equals(look)) {
                s = new NodeSkin(look);
                changed = true;
            }
            Position p = positions.get(n.id());
            if (p != null) {
                s.relocate(p.x(), p.y());
            }
            next.put(n.id(), s);
        }
        if (changed || !List.copyOf(skins.keySet()).equals(List.copyOf(next.keySet()))) {
            skins.clear();
            skins.putAll(next);
            nodeLayer.getChildren().setAll(next.values());
        }
        edges.clear();
        for (EdgeRef ref : EdgeRef.all(h)) {
            if (skins.containsKey(ref.from()) && skins.containsKey(ref.to())) {
                edges.add(new EdgeSkin(ref));
            }
        }
        edgeLayer.getChildren().setAll(edges);
        reroute(null);
        NodeSkin start = skins.get(h.workflow().start());
        startTag.setVisible(start != null);
        if (start != null) {
            startTag.relocate(start.getLayoutX(), start.getLayoutY() - 28);
        }
        showSelection();
        if (fitPending && getWidth() > 0) {
            fitPending = false;
            fit();
        }
    }

    /** Routes the edges at the skins' current places; only those touching {@code moved} when it is given. */
    void reroute(Set<String> moved) {
        for (EdgeSkin e : edges) {
            EdgeRef r = e.ref();
            if (moved == null || moved.contains(r.from()) || moved.contains(r.to())) {
                NodeSkin from = skins.get(r.from());
                NodeSkin to = skins.get(r.to());
                e.route(from.portPoint(r.port()), to.inPoint(), r.from().equals(r.to()));
            }
        }
        NodeSkin start = skins.get(model.harness() == null ? "" : model.harness().workflow().start());
        if (start != null && (moved == null || moved.contains(start.id()))) {
            startTag.relocate(start.getLayoutX(), start.getLayoutY() - 28);
        }
    }

    private void showSelection() {
        Set<String> selected = model.selection().nodes();
        skins.forEach((id, s) -> s.setSelected(selected.contains(id)));
        EdgeRef e = model.selection().edgeProperty().get();
        edges.forEach(x -> x.setSelected(x.ref().sameAs(e)));
    }

    /** The world bounds of every node box, for rubber-band selection. */
    Map<String, Bounds> nodeBounds() {
        Map<String, Bounds> out = new HashMap<>();
        skins.forEach((id, s) -> out.put(id, new javafx.geometry.BoundingBox(s.getLayoutX(), s.getLayoutY(),
                NodeSkin.WIDTH, NodeSkin.HEIGHT)));
        return out;
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (fitPending && getWidth() > 0 && !skins.isEmpty()) {
            fitPending = false;
            fit();
        }
    }
}
