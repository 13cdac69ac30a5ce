package dev.bridle.app.editor;

import dev.bridle.policy.Position;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.CacheHint;
import javafx.scene.Group;

/**
 * Which of the document's nodes and edges have skins on the canvas, and how much each skin shows.
 *
 * <p>A node in view gets its skin in the pass that finds it there. A node in the ring just beyond the view gets one
 * ahead of need, nearest first, while the pass has time left, and the rest in the passes that follow, so that a pan or
 * a zoom finds most of the skins it brings into view already made. A skin stays until its node is far out of view,
 * so that going back and forth makes none. Skins are added and removed one by one: a child put back into its parent
 * has its CSS worked out again, so the skins that stay are never taken out.
 *
 * <p>Zoomed far out, skins are bare boxes (no text, badges or arrowheads), which are cheaper to make and to draw.
 * Skins made while zoomed out are made bare. Those that exist change when the zoom has crossed that line and the
 * view is still (while it moves they are drawn from their cached images, scaled), a few at a time, those in view
 * first.
 */
final class CanvasSkins {

    /** The view, the ring ahead of it where skins are made ahead of need, and the area beyond which they go. */
    record Areas(Bounds view, Bounds ahead, Bounds keep) {}

    private final Group edgeLayer;
    private final Group nodeLayer;
    private final Runnable moreSoon;
    private final java.util.function.BiConsumer<String, NodeSkin> dressNode;
    private final java.util.function.Consumer<EdgeSkin> dressEdge;
    private final Map<String, NodeSkin> nodes = new LinkedHashMap<>();
    private final Map<EdgeRef, EdgeSkin> edges = new LinkedHashMap<>();
    private boolean detailed = true;
    private CacheHint hint = CacheHint.QUALITY;

    /**
     * Skins go into the two layers; {@code moreSoon} asks for another pass in the next pulse; a new skin is given its
     * marks (selection, run) by {@code dressNode} or {@code dressEdge}.
     */
    CanvasSkins(Group edgeLayer, Group nodeLayer, Runnable moreSoon,
            java.util.function.BiConsumer<String, NodeSkin> dressNode, java.util.function.Consumer<EdgeSkin> dressEdge) {
        this.edgeLayer = edgeLayer;
        this.nodeLayer = nodeLayer;
        this.moreSoon = moreSoon;
        this.dressNode = dressNode;
        this.dressEdge = dressEdge;
    }

    Map<String, NodeSkin> nodes() {
        return nodes;
    }

    Map<EdgeRef, EdgeSkin> edges() {
        return edges;
    }

    /**
     * While the view moves, skins draw from their cached image even when it is scaled (blurred a little while
     * zooming, but cheap); once it is still, they draw themselves sharp again.
     */
    void setMoving(boolean moving) {
        hint = moving ? CacheHint.SPEED : CacheHint.QUALITY;
        nodes.values().forEach(s -> s.setCacheHint(hint));
    }

    /**
     * Brings the skins up to date with the view.
     *
     * @param order the nodes of the document, in the order their skins are stacked
     * @param places where each node is drawn
     * @param looks what each node's skin shows
     * @param selected nodes that keep a skin wherever they are, made in this pass
     * @param ends where each edge starts and ends
     * @param detailed whether skins show their text
     * @param complete whether every skin in view is made in this pass (when a document is opened or edited);
     *     otherwise (the view moves) even those are made within the deadline, the nearest first, so that a zoom out
     *     that brings hundreds of nodes into view does not hold the frame up
     * @param moving whether the view is moving: skins then keep showing or hiding their text as they did, drawn from
     *     their cached image, and change once the view is still
     * @param deadline the {@link System#nanoTime()} after which no more skins are made or changed in this pass
     */
    void update(Areas areas, Collection<String> order, Map<String, Position> places, Map<String, NodeSkin.Look> looks,
            Set<String> selected, List<EdgeRef> refs, Map<EdgeRef, Point2D[]> ends, boolean detailed,
            boolean complete, boolean moving, long deadline) {
        for (var it = nodes.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Position p = places.get(e.getKey());
            if (p == null || !e.getValue().look().equals(looks.get(e.getKey()))
                    || !selected.contains(e.getKey()) && !intersects(areas.keep(), p)) {
                nodeLayer.getChildren().remove(e.getValue());
                it.remove();
            }
        }
        Set<EdgeRef> wanted = new LinkedHashSet<>();
        for (EdgeRef r : refs) {
            if ((edges.containsKey(r) ? areas.keep() : areas.ahead()).intersects(box(ends.get(r)))) {
                wanted.add(r);
            }
        }
        for (var it = edges.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                edgeLayer.getChildren().remove(e.getValue());
                it.remove();
            }
        }
        if (detailed != this.detailed && !moving) {
            // an edge only hides or shows its arrowhead and condition: cheap enough for all at once
            this.detailed = detailed;
            edges.values().forEach(e -> e.setDetailed(detailed));
        }

        // what is left to do, by priority: skins and text in view, then skins for the ring, then their text
        List<Job> jobs = new ArrayList<>();
        double cx = areas.view().getCenterX();
        double cy = areas.view().getCenterY();
        for (String id : order) {
            Position p = places.get(id);
            if (p == null) {
                continue;
            }
            boolean inView = selected.contains(id) || intersects(areas.view(), p);
            double distance = Math.hypot(p.x() + NodeSkin.WIDTH / 2 - cx, p.y() + NodeSkin.HEIGHT / 2 - cy);
            NodeSkin s = nodes.get(id);
            if (s == null && inView && (complete || selected.contains(id))) {
                add(id, looks.get(id), detailed, p);
            } else if (s == null && (inView || intersects(areas.ahead(), p))) {
                jobs.add(new Job((inView ? 0 : Job.RING) + distance, () -> add(id, looks.get(id), detailed, p)));
            } else if (s != null && s.isDetailed() != detailed && !moving) {
                jobs.add(new Job((inView ? 0 : Job.RING * 2) + distance, () -> {
                    s.setDetailed(detailed);
                    styleNow(s);
                }));
            }
        }
        for (EdgeRef r : wanted) {
            if (!edges.containsKey(r)) {
                Bounds box = box(ends.get(r));
                boolean inView = areas.view().intersects(box);
                if (inView && complete) {
                    add(r, ends.get(r));
                } else {
                    double distance = Math.hypot(box.getCenterX() - cx, box.getCenterY() - cy);
                    jobs.add(new Job((inView ? 0 : Job.RING) + distance, () -> add(r, ends.get(r))));
                }
            }
        }
        jobs.sort(Comparator.comparingDouble(Job::priority));
        int done = 0;
        while (done < jobs.size() && System.nanoTime() < deadline) {
            jobs.get(done++).work().run();
        }
        if (done < jobs.size()) {
            moreSoon.run();
        }
    }

    /** The area an edge may draw in: the box of its ends, widened for the bend of its curve. */
    private static Bounds box(Point2D[] ab) {
        return new javafx.geometry.BoundingBox(Math.min(ab[0].getX(), ab[1].getX()) - 130,
                Math.min(ab[0].getY(), ab[1].getY()) - 130, Math.abs(ab[0].getX() - ab[1].getX()) + 260,
                Math.abs(ab[0].getY() - ab[1].getY()) + 260);
    }

    private void add(EdgeRef r, Point2D[] ab) {
        EdgeSkin skin = new EdgeSkin(r);
        skin.setDetailed(detailed);
        skin.route(ab[0], ab[1], r.from().equals(r.to()));
        dressEdge.accept(skin);
        edges.put(r, skin);
        edgeLayer.getChildren().add(skin);
        styleNow(skin);
    }

    private void add(String id, NodeSkin.Look look, boolean detailed, Position p) {
        NodeSkin s = new NodeSkin(look, detailed);
        s.setCacheHint(hint);
        dressNode.accept(id, s);
        s.relocate(p.x(), p.y());
        nodes.put(id, s);
        nodeLayer.getChildren().add(s);
        styleNow(s);
    }

    /**
     * Works out the CSS of a new or changed skin now rather than in the next pulse: it is drawn styled in this very
     * frame, and the time it takes counts against this pass's deadline.
     */
    private void styleNow(javafx.scene.Node skin) {
        if (skin.getScene() != null) {
            skin.applyCss();
        }
    }

    private static boolean intersects(Bounds area, Position p) {
        return area.intersects(p.x(), p.y(), NodeSkin.WIDTH, NodeSkin.HEIGHT);
    }

    /** Work that can wait for a later pass; the lower the priority, the sooner. */
    private record Job(double priority, Runnable work) {
        /** Added to the priority of work outside the view: farther than any distance in it. */
        static final double RING = 1e7;
    }
}
