package dev.bridle.app.editor;

import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;

/**
 * How the canvas draws one edge: a curve from the port to the left edge of the target, an arrowhead, the condition
 * of a conditional edge, and a wider invisible stroke so that the edge is easy to click.
 */
final class EdgeSkin extends Group {

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final double HEAD = 9;

    private final EdgeRef ref;
    private final CubicCurve line = new CubicCurve();
    private final CubicCurve hit = new CubicCurve();
    private final Polygon head = new Polygon();
    private final Label condition;

    EdgeSkin(EdgeRef ref) {
        this.ref = ref;
        getStyleClass().addAll("edge-skin", "edge-" + ref.port().word());
        line.getStyleClass().add("graph-edge");
        hit.getStyleClass().add("edge-hit");
        head.getStyleClass().add("graph-arrowhead");
        line.setMouseTransparent(true);
        head.setMouseTransparent(true);
        getChildren().addAll(hit, line, head);
        if (ref.when() != null) {
            condition = new Label(ref.when());
            condition.getStyleClass().add("edge-condition");
            condition.setMouseTransparent(true);
            getChildren().add(condition);
        } else {
            condition = null;
        }
        setUserData(ref);
    }

    EdgeRef ref() {
        return ref;
    }

    /** Shows the arrowhead and the condition, or only the line (zoomed far out, where they are too small to read). */
    void setDetailed(boolean detailed) {
        head.setVisible(detailed);
        if (condition != null) {
            condition.setVisible(detailed);
        }
    }

    /** Marks an edge a run has taken. */
    void setTraversed(boolean traversed) {
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("traversed"), traversed);
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    /** Draws the edge from {@code a} (a port) to {@code b} (a node's left edge). */
    void route(Point2D a, Point2D b, boolean selfLoop) {
        double reach = selfLoop ? 120 : Math.max(60, Math.abs(b.getX() - a.getX()) / 2);
        double down = ref.port() == Port.JOIN ? 1 : 0;
        double c1x = a.getX() + (down > 0 ? 0 : reach);
        double c1y = a.getY() + (down > 0 ? reach : selfLoop ? -110 : 0);
        double c2x = b.getX() - reach;
        double c2y = b.getY() + (selfLoop ? -110 : 0);
        for (CubicCurve c : new CubicCurve[] {line, hit}) {
            c.setStartX(a.getX());
            c.setStartY(a.getY());
            c.setControlX1(c1x);
            c.setControlY1(c1y);
            c.setControlX2(c2x);
            c.setControlY2(c2y);
            c.setEndX(b.getX());
            c.setEndY(b.getY());
        }
        double tx = b.getX() - c2x;
        double ty = b.getY() - c2y;
        double len = Math.hypot(tx, ty);
        double ux = len == 0 ? 1 : tx / len;
        double uy = len == 0 ? 0 : ty / len;
        double bx = b.getX() - ux * HEAD;
        double by = b.getY() - uy * HEAD;
        Double[] points = {b.getX(), b.getY(), bx - uy * HEAD / 2, by + ux * HEAD / 2, bx + uy * HEAD / 2,
                by - ux * HEAD / 2};
        if (!head.getPoints().equals(java.util.Arrays.asList(points))) {
            head.getPoints().setAll(points);
        }
        if (condition != null) {
            // the curve's middle point
            double mx = 0.125 * a.getX() + 0.375 * c1x + 0.375 * c2x + 0.125 * b.getX();
            double my = 0.125 * a.getY() + 0.375 * c1y + 0.375 * c2y + 0.125 * b.getY();
            condition.relocate(mx + 4, my - 18);
        }
    }
}
