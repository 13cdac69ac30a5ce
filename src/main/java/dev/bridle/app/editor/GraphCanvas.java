package dev.bridle.app.editor;

import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.SetChangeListener;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The editable workflow graph: the editor's nodes and edges drawn by skins from the harness, which is plain data.
 * The drawing sits in a world group under a {@link Translate} (pan) and a {@link Scale} bound to a clamped zoom
 * property; {@link CanvasGestures} turns the mouse and keys into selection changes and edits.
 *
 * <p>Only what is in view, and a ring around it, has skins ({@link CanvasSkins}): a large graph costs what fits on
 * the screen, not what the document holds. Zoomed out below {@link #DETAIL_ZOOM}, the skins of a document of more
 * than {@link #ALWAYS_DETAILED} nodes are bare boxes. Geometry (hit tests, rubber band, fit, edge routes) works from
 * the positions, not the skins.
 */
public final class GraphCanvas extends Region {

    public static final double MIN_ZOOM = 0.25;
    /**
     * Fitting never zooms out further than this: below it, node text cannot be read. A graph larger than the view at
     * this zoom shows a {@link Minimap} to pan with instead.
     */
    public static final double MIN_FIT_ZOOM = 0.6;
    public static final double MAX_ZOOM = 4;
    /** How far beyond the visible area nodes count as in view, in screen pixels: their ports and gutters. */
    private static final double VIEW_SLACK = 20;
    /** How far beyond the visible area skins are made ahead of need, in screen pixels. */
    private static final double AHEAD = 400;
    /** How far beyond the visible area skins are kept, in screen pixels, so that going back and forth makes none. */
    private static final double KEEP = 900;
    /** Below this zoom, skins are bare boxes: text would be too small to read. */
    static final double DETAIL_ZOOM = 0.5;
    /** Documents of up to this many nodes keep their text at any zoom: they are cheap to draw whole. */
    static final int ALWAYS_DETAILED = 60;
    /** How long one layout pass may spend on skins that can wait: those ahead of need, or all while the view moves. */
    private static final long AHEAD_BUDGET_NANOS = 3_000_000;
    /** How long the view must be still before skins are drawn sharp again after a zoom. */
    private static final Duration SETTLE = Duration.millis(200);

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
    /**
     * An empty pixel in the canvas's corner, moved by one pixel whenever the view moves. A pan over an empty part of
     * the graph changes nothing on the screen, and the toolkit takes a frame with no dirty region for a frame where
     * everything is dirty: it would repaint the whole window. This pixel gives such a frame a dirty region of its own.
     */
    private final Region repaintMark = new Region();
    private final Label startTag = new Label("start", new FontIcon(Feather.PLAY));
    private final Minimap minimap = new Minimap(this::centreOn);
    private final CanvasSkins drawn = new CanvasSkins(edgeLayer, nodeLayer, this::makeMoreSoon, this::dress,
            this::dress);
    private Map<String, NodeSkin.Look> looks = Map.of();
    private Map<String, Node> nodes = Map.of();
    private List<EdgeRef> refs = List.of();
    /** Where each edge starts and ends, worked out when the model or a dragged node moves, not at every frame. */
    private final Map<EdgeRef, Point2D[]> ends = new HashMap<>();
    /** Where the nodes are drawn: the model's positions, with the nodes being dragged where the mouse has them. */
    private final Map<String, Position> places = new HashMap<>();
    private boolean fitPending = true;
    private boolean moreSoon;
    /**
     * Whether the next pass makes every skin in view at once: after the document is opened or edited, or the graph
     * fitted to the canvas, but not while the user moves the view (then a few skins per frame keep it smooth).
     */
    private boolean catchUp = true;
    private boolean moving;
    private final PauseTransition settle = new PauseTransition(SETTLE);
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
        repaintMark.setManaged(false);
        repaintMark.setMouseTransparent(true);
        repaintMark.resize(1, 1);
        minimap.setVisible(false);
        minimap.setManaged(false);
        getChildren().addAll(world, overlay, minimap, repaintMark);
        setClip(clip);
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        // every change of the harness redraws (skins whose look is unchanged are kept): a guard added to an agent changes
        // its boxes though no node moves; the view model's positions follow the harness before this runs
        model.document().harnessProperty().subscribe(h -> refresh());
        model.selection().nodes().addListener((SetChangeListener<String>) c -> showSelection());
        model.selection().edgeProperty().subscribe(e -> showSelection());
        // a moved view may bring other nodes into it; they get skins in the next layout pass, once per pulse, and
        // only the canvas is laid out again, not the panes around it
        zoom.addListener(o -> viewMoved());
        pan.xProperty().addListener(o -> viewMoved());
        pan.yProperty().addListener(o -> viewMoved());
        settle.setOnFinished(e -> settled());
        new CanvasGestures(this, model).install();
        setMinSize(100, 100);
        widthProperty().addListener((o, was, now) -> refit());
        heightProperty().addListener((o, was, now) -> refit());
        // the run strip's height is known after its first layout: the graph is fitted below it again
        topInset.addListener((o, was, now) -> refit());
    }

    private void refit() {
        if (autoFit && !places.isEmpty()) {
            fitPending = true;
        }
        requestLayout();
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
        Point2D w = toWorld(x, y);
        zoom.set(zoom.get() * factor);
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

    private final DoubleProperty topInset = new SimpleDoubleProperty(this, "topInset", 0);

    /** How much of the canvas's top is covered (by the run strip): fitting keeps the graph below it. */
    public DoubleProperty topInsetProperty() {
        return topInset;
    }

    /** Zooms and pans so that the whole graph is in view (never enlarged beyond 100 %). */
    public void fit() {
        autoFit = true;
        catchUp = true;
        if (places.isEmpty() || getWidth() <= 0 || getHeight() <= 0) {
            zoom.set(1);
            pan.setX(0);
            pan.setY(0);
            return;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Position p : places.values()) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y() - 30);
            maxX = Math.max(maxX, p.x() + NodeSkin.WIDTH);
            maxY = Math.max(maxY, p.y() + NodeSkin.HEIGHT);
        }
        double margin = 40;
        double top = topInset.get();
        double fits = Math.min((getWidth() - 2 * margin) / (maxX - minX),
                (getHeight() - top - 2 * margin) / (maxY - minY));
        zoom.set(Math.max(MIN_FIT_ZOOM, Math.min(1, fits)));
        double z = zoom.get();
        pan.setX((getWidth() - (maxX - minX) * z) / 2 - minX * z);
        pan.setY(top + (getHeight() - top - (maxY - minY) * z) / 2 - minY * z);
        if ((maxX - minX) * z > getWidth() - 2 * margin) {
            // too wide to fit: show its start at the left rather than its middle (the minimap shows the rest)
            pan.setX(margin - minX * z);
        }
        if ((maxY - minY) * z > getHeight() - top - 2 * margin) {
            pan.setY(top + margin - minY * z);
        }
    }

    /**
     * Pans, if needed, so that node {@code id} is in view: by as little as brings it in, with a margin, so that what
     * was in view mostly stays (a node far away is centred).
     */
    public void reveal(String id) {
        Position p = places.get(id);
        if (p == null || getWidth() <= 0) {
            return;
        }
        double margin = 30 / zoom.get();
        Bounds view = visibleWorld(0);
        double dx = 0;
        double dy = 0;
        if (p.x() - margin < view.getMinX()) {
            dx = view.getMinX() - (p.x() - margin);
        } else if (p.x() + NodeSkin.WIDTH + margin > view.getMaxX()) {
            dx = view.getMaxX() - (p.x() + NodeSkin.WIDTH + margin);
        }
        if (p.y() - margin < view.getMinY()) {
            dy = view.getMinY() - (p.y() - margin);
        } else if (p.y() + NodeSkin.HEIGHT + margin > view.getMaxY()) {
            dy = view.getMaxY() - (p.y() + NodeSkin.HEIGHT + margin);
        }
        if (Math.abs(dx) > view.getWidth() || Math.abs(dy) > view.getHeight()) {
            pan.setX(getWidth() / 2 - (p.x() + NodeSkin.WIDTH / 2) * zoom.get());
            pan.setY(getHeight() / 2 - (p.y() + NodeSkin.HEIGHT / 2) * zoom.get());
        } else if (dx != 0 || dy != 0) {
            panBy(dx * zoom.get(), dy * zoom.get());
        }
    }

    /** Where the view is: the pan and the zoom, to put it back later. */
    public record View(double panX, double panY, double zoom) {}

    public View view() {
        return new View(pan.getX(), pan.getY(), zoom.get());
    }

    /** Puts the view back where {@link #view()} found it. */
    public void setView(View v) {
        zoom.set(v.zoom());
        pan.setX(v.panX());
        pan.setY(v.panY());
    }

    /** The world point in the middle of what the canvas shows. */
    public Position viewCentre() {
        Point2D c = toWorld(getWidth() / 2, getHeight() / 2);
        return new Position(c.getX(), c.getY());
    }

    /** The world (graph) point under the canvas point {@code (x, y)}. */
    Point2D toWorld(double x, double y) {
        return new Point2D((x - pan.getX()) / zoom.get(), (y - pan.getY()) / zoom.get());
    }

    private Bounds visibleWorld(double margin) {
        Point2D a = toWorld(-margin, -margin);
        Point2D b = toWorld(getWidth() + margin, getHeight() + margin);
        return new BoundingBox(a.getX(), a.getY(), b.getX() - a.getX(), b.getY() - a.getY());
    }

    Group overlay() {
        return overlay;
    }

    Group world() {
        return world;
    }

    /** The skins drawn now (the nodes in view and around it). */
    Map<String, NodeSkin> skins() {
        return drawn.nodes();
    }

    /** Where node {@code id} is drawn now. */
    Position place(String id) {
        return places.get(id);
    }

    /** The node whose box holds the world point {@code p}, or {@code null}. */
    String nodeAt(Point2D p) {
        String hit = null;
        for (Map.Entry<String, Position> e : places.entrySet()) {
            Position q = e.getValue();
            if (p.getX() >= q.x() && p.getX() <= q.x() + NodeSkin.WIDTH && p.getY() >= q.y()
                    && p.getY() <= q.y() + NodeSkin.HEIGHT) {
                hit = e.getKey();
            }
        }
        return hit;
    }

    /** The world bounds of every node box, for rubber-band selection. */
    Map<String, Bounds> nodeBounds() {
        Map<String, Bounds> out = new HashMap<>();
        places.forEach((id, p) -> out.put(id, new BoundingBox(p.x(), p.y(), NodeSkin.WIDTH, NodeSkin.HEIGHT)));
        return out;
    }

    /** Draws the model again: skins whose look is unchanged are kept. */
    void refresh() {
        catchUp = true;
        Harness h = model.harness();
        places.clear();
        if (h == null) {
            looks = Map.of();
            nodes = Map.of();
            refs = List.of();
        } else {
            places.putAll(model.positionsProperty().get());
            Map<String, NodeSkin.Look> next = new HashMap<>();
            for (Node n : h.workflow().nodes().values()) {
                next.put(n.id(), NodeSkin.Look.of(n, h));
            }
            looks = next;
            nodes = h.workflow().nodes();
            refs = EdgeRef.all(h).stream().filter(r -> places.containsKey(r.from()) && places.containsKey(r.to()))
                    .toList();
        }
        ends.clear();
        refs.forEach(r -> ends.put(r, new Point2D[] {from(r), to(r)}));
        materialize();
        minimap.draw(places, Color.web("#8c959f"));
        drawn.nodes().forEach((id, s) -> s.relocate(places.get(id).x(), places.get(id).y()));
        reroute(null);
        if (fitPending && getWidth() > 0 && !places.isEmpty()) {
            fitPending = false;
            fit();
            materialize();
        }
    }

    /** Shows the dragged nodes at {@code moved} while the mouse is down; the model is told when it is released. */
    void moveLive(Map<String, Position> moved) {
        places.putAll(moved);
        moved.forEach((id, p) -> {
            NodeSkin s = drawn.nodes().get(id);
            if (s != null) {
                s.relocate(p.x(), p.y());
            }
        });
        reroute(moved.keySet());
    }

    /** Gives skins to what is in view and takes them from what is far out of it (see {@link CanvasSkins}). */
    private void materialize() {
        long deadline = System.nanoTime() + AHEAD_BUDGET_NANOS;
        // before its first layout the canvas has no size, and nothing is in view yet
        boolean sized = getWidth() > 0;
        Bounds view = sized ? visibleWorld(VIEW_SLACK) : new BoundingBox(0, 0, 0, 0);
        CanvasSkins.Areas areas = new CanvasSkins.Areas(view, sized ? visibleWorld(AHEAD) : view,
                sized ? visibleWorld(KEEP) : view);
        drawn.update(areas, nodes.keySet(), places, looks, model.selection().nodes(), refs, ends,
                zoom.get() >= DETAIL_ZOOM || nodes.size() <= ALWAYS_DETAILED, catchUp, moving, deadline);
        if (sized) {
            catchUp = false;
        }
    }

    /** Asks for another layout pass in the next pulse, to make the skins this one had no time for. */
    private void makeMoreSoon() {
        if (!moreSoon) {
            moreSoon = true;
            Platform.runLater(() -> {
                moreSoon = false;
                setNeedsLayout(true);
            });
        }
    }

    /**
     * Called whenever the view moves. While it keeps moving, skins draw from their cached image even when scaled
     * (blurred a little while zooming, but cheap); once it has been still for {@link #SETTLE}, they are drawn sharp
     * again.
     */
    private void viewMoved() {
        setNeedsLayout(true);
        repaintMark.relocate(repaintMark.getLayoutX() == 0 ? 1 : 0, 0);
        if (!moving) {
            moving = true;
            drawn.setMoving(true);
        }
        settle.playFromStart();
    }

    private void settled() {
        moving = false;
        drawn.setMoving(false);
        // skins whose text should show or hide at this zoom change now
        setNeedsLayout(true);
    }

    private Point2D from(EdgeRef r) {
        Position p = places.get(r.from());
        Point2D o = NodeSkin.portOffset(nodes.get(r.from()), r.port());
        return new Point2D(p.x() + o.getX(), p.y() + o.getY());
    }

    private Point2D to(EdgeRef r) {
        Position p = places.get(r.to());
        return new Point2D(p.x(), p.y() + NodeSkin.HEIGHT / 2);
    }

    /** Routes the drawn edges at the nodes' current places; only those touching {@code moved} when it is given. */
    void reroute(Set<String> moved) {
        if (moved != null) {
            for (EdgeRef r : refs) {
                if (moved.contains(r.from()) || moved.contains(r.to())) {
                    ends.put(r, new Point2D[] {from(r), to(r)});
                }
            }
        }
        for (EdgeSkin e : drawn.edges().values()) {
            EdgeRef r = e.ref();
            if (moved == null || moved.contains(r.from()) || moved.contains(r.to())) {
                Point2D[] ab = ends.get(r);
                e.route(ab[0], ab[1], r.from().equals(r.to()));
            }
        }
        Harness h = model.harness();
        Position start = h == null ? null : places.get(h.workflow().start());
        startTag.setVisible(start != null);
        if (start != null) {
            startTag.relocate(start.x(), start.y() - 28);
        }
    }

    private void showSelection() {
        drawn.nodes().forEach(this::dress);
        drawn.edges().values().forEach(this::dress);
    }

    /** Marks a node's skin as selected, lit by a run, or broken on, as it is. */
    private void dress(String id, NodeSkin s) {
        s.setSelected(model.selection().nodes().contains(id));
        s.setRunMarks(id.equals(active.get()), breakpoints.contains(id));
    }

    private void dress(EdgeSkin x) {
        x.setSelected(x.ref().sameAs(model.selection().edgeProperty().get()));
        x.setTraversed(traversed.contains(x.ref().from() + "->" + x.ref().to()));
    }

    // What a run shows on the graph: the node it is in, the edges it has taken, and the nodes it breaks on.
    private final javafx.beans.property.StringProperty active = new javafx.beans.property.SimpleStringProperty();
    private final javafx.collections.ObservableSet<String> traversed =
            javafx.collections.FXCollections.observableSet();
    private final javafx.collections.ObservableSet<String> breakpoints =
            javafx.collections.FXCollections.observableSet();
    private java.util.function.Consumer<String> onGutter = id -> {};

    {
        active.addListener((o, a, b) -> showSelection());
        traversed.addListener((javafx.collections.SetChangeListener<String>) c -> showSelection());
        breakpoints.addListener((javafx.collections.SetChangeListener<String>) c -> showSelection());
    }

    /** The node a run is in, lit on the graph; null when no run is shown. */
    public javafx.beans.property.StringProperty activeNodeProperty() {
        return active;
    }

    /** Edges a run has taken, as {@code from->to}. */
    public javafx.collections.ObservableSet<String> traversed() {
        return traversed;
    }

    /** Nodes the debugger breaks on, marked in their gutter. */
    public javafx.collections.ObservableSet<String> breakpoints() {
        return breakpoints;
    }

    /** Called with a node's id when its breakpoint gutter is clicked. */
    public void setOnGutter(java.util.function.Consumer<String> listener) {
        this.onGutter = listener;
    }

    void gutterClicked(String id) {
        onGutter.accept(id);
    }

    private java.util.function.BiConsumer<String, javafx.scene.Node> onGuardChip = (id, chip) -> {};

    /** Called with a guard's id and its chip when a guard chip on a node is clicked. */
    public void setOnGuardChip(java.util.function.BiConsumer<String, javafx.scene.Node> listener) {
        this.onGuardChip = listener;
    }

    void guardChipClicked(String id, javafx.scene.Node chip) {
        onGuardChip.accept(id, chip);
    }

    /** Centres the view on the world point {@code (x, y)}: what a click on the minimap asks for. */
    void centreOn(double x, double y) {
        autoFit = false;
        pan.setX(getWidth() / 2 - x * zoom.get());
        pan.setY((getHeight() + topInset.get()) / 2 - y * zoom.get());
    }

    /** The minimap, shown while the graph does not fit in view. */
    Minimap minimap() {
        return minimap;
    }

    private void placeMinimap() {
        Bounds view = visibleWorld(0);
        // A small canvas (a 1024×700 window) gets a smaller minimap rather than none: it is how the rest of a graph
        // that does not fit is found. On a canvas too small to spare even that corner, it would hide the nodes it is
        // meant to find.
        double size = Math.min(1, Math.min(getWidth() / (3 * Minimap.WIDTH), getHeight() / (3 * Minimap.HEIGHT)));
        boolean show = !places.isEmpty() && size >= Minimap.SMALLEST && !Minimap.covers(view, places);
        minimap.setVisible(show);
        if (show) {
            minimap.resize(Minimap.WIDTH, Minimap.HEIGHT);
            minimap.setSize(size);
            minimap.relocate(getWidth() - Minimap.WIDTH * size - 12, getHeight() - Minimap.HEIGHT * size - 12);
            minimap.frame(view);
        }
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        placeMinimap();
        if (fitPending && getWidth() > 0 && !places.isEmpty()) {
            fitPending = false;
            fit();
        }
        materialize();
    }
}
