package dev.bridle.app.graph;

import javafx.scene.Group;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/** An arrow from one node's box to another's, drawn from border to border, with its head at the target. */
final class EdgeArrow extends Group {

    private static final double HEAD_LENGTH = 10;
    private static final double HEAD_HALF_WIDTH = 5;

    /** A node's box on the canvas. */
    record Box(double x, double y, double width, double height) {
        double centerX() {
            return x + width / 2;
        }

        double centerY() {
            return y + height / 2;
        }

        /** Where the ray from the centre towards {@code (dx, dy)} leaves the box. */
        double[] border(double dx, double dy) {
            double tx = dx == 0 ? Double.POSITIVE_INFINITY : (width / 2) / Math.abs(dx);
            double ty = dy == 0 ? Double.POSITIVE_INFINITY : (height / 2) / Math.abs(dy);
            double t = Math.min(tx, ty);
            return new double[] {centerX() + dx * t, centerY() + dy * t};
        }
    }

    /**
     * An arrow between two boxes.
     *
     * @param offset how far to move the arrow sideways, so that the two arrows of a pair of nodes that point at each
     *     other do not lie on top of one another
     */
    static EdgeArrow between(Box from, Box to, double offset) {
        double dx = to.centerX() - from.centerX();
        double dy = to.centerY() - from.centerY();
        double length = Math.hypot(dx, dy);
        double nx = length == 0 ? 0 : -dy / length * offset;
        double ny = length == 0 ? 0 : dx / length * offset;
        double[] start = from.border(dx, dy);
        double[] end = to.border(-dx, -dy);
        EdgeArrow arrow = new EdgeArrow();
        Line line = new Line(start[0] + nx, start[1] + ny, end[0] + nx, end[1] + ny);
        line.getStyleClass().add("graph-edge");
        arrow.getChildren().addAll(line, head(end[0] + nx, end[1] + ny, dx, dy));
        return arrow;
    }

    /** An arrow from a box back to itself, looping over its top edge. */
    static EdgeArrow selfLoop(Box box) {
        double startX = box.x() + box.width() * 0.65;
        double endX = box.x() + box.width() * 0.35;
        double top = box.y();
        CubicCurve curve = new CubicCurve(startX, top, startX + 20, top - 45, endX - 20, top - 45, endX, top);
        curve.getStyleClass().add("graph-edge");
        EdgeArrow arrow = new EdgeArrow();
        arrow.getChildren().addAll(curve, head(endX, top, 20, 45));
        return arrow;
    }

    private static Polygon head(double tipX, double tipY, double dx, double dy) {
        double length = Math.hypot(dx, dy);
        double ux = length == 0 ? 1 : dx / length;
        double uy = length == 0 ? 0 : dy / length;
        double baseX = tipX - ux * HEAD_LENGTH;
        double baseY = tipY - uy * HEAD_LENGTH;
        Polygon head = new Polygon(
                tipX, tipY,
                baseX - uy * HEAD_HALF_WIDTH, baseY + ux * HEAD_HALF_WIDTH,
                baseX + uy * HEAD_HALF_WIDTH, baseY - ux * HEAD_HALF_WIDTH);
        head.getStyleClass().add("graph-arrowhead");
        return head;
    }

    private EdgeArrow() {
        getStyleClass().add("graph-arrow");
        setMouseTransparent(true);
    }
}
