package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * One lane per agent (and one for the run), each event a mark coloured by its kind, drawn on a canvas so that a run of
 * many thousands of events stays cheap: only the visible marks are drawn. The wheel zooms around the cursor (clamped),
 * dragging pans, a click selects the nearest event.
 */
public final class TimelineCanvas extends Region {

    static final double LANE = 28;
    static final double LABEL = 110;
    static final Map<String, Color> COLOURS = Map.ofEntries(
            Map.entry("model", Color.web("#3b82f6")), Map.entry("tool", Color.web("#6b7280")),
            Map.entry("allow", Color.web("#16a34a")), Map.entry("deny", Color.web("#dc2626")),
            Map.entry("ask", Color.web("#d97706")), Map.entry("guard", Color.web("#ea580c")),
            Map.entry("context", Color.web("#9333ea")), Map.entry("lock", Color.web("#0891b2")),
            Map.entry("error", Color.web("#b91c1c")), Map.entry("checkpoint", Color.web("#0d9488")),
            Map.entry("run", Color.web("#111827")), Map.entry("node", Color.web("#a3a3a3")));

    private final Canvas canvas = new Canvas();
    private final DoubleProperty scale = new SimpleDoubleProperty(8); // pixels per event
    private double offset; // first visible seq
    private double dragX;
    private RunInspection run;
    private RunEvent selected;
    private Consumer<RunEvent> onSelect = e -> {};

    public TimelineCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("timeline");
        setMinHeight(LANE * 2);
        setOnScroll(e -> {
            double pivot = offset + Math.max(0, e.getX() - LABEL) / scale.get();
            double next = Math.clamp(scale.get() * (e.getDeltaY() > 0 ? 1.25 : 0.8), 0.01, 40);
            scale.set(next);
            offset = Math.max(0, pivot - Math.max(0, e.getX() - LABEL) / next);
            draw();
            e.consume();
        });
        setOnMousePressed(e -> dragX = e.getX());
        setOnMouseDragged(e -> {
            offset = Math.max(0, offset - (e.getX() - dragX) / scale.get());
            dragX = e.getX();
            draw();
        });
        setOnMouseClicked(e -> {
            if (e.isStillSincePress()) {
                pick(e.getX(), e.getY());
            }
        });
    }

    public void setOnSelect(Consumer<RunEvent> listener) {
        this.onSelect = listener;
    }

    public DoubleProperty scaleProperty() {
        return scale;
    }

    public void show(RunInspection inspection) {
        this.run = inspection;
        this.offset = 0;
        this.selected = null;
        setPrefHeight(LANE * (inspection.lanes().size() + 1));
        requestLayout();
        draw();
    }

    public void select(RunEvent event) {
        this.selected = event;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void pick(double x, double y) {
        if (run == null || x < LABEL) {
            return;
        }
        int lane = (int) ((y - LANE / 2) / LANE);
        double seq = offset + (x - LABEL) / scale.get();
        RunEvent best = null;
        double bestDistance = Double.MAX_VALUE;
        for (RunEvent e : run.events()) {
            if (lane >= 0 && lane < run.lanes().size() && !run.laneOf(e).equals(run.lanes().get(lane))) {
                continue;
            }
            double d = Math.abs(e.seq() - seq);
            if (d < bestDistance) {
                bestDistance = d;
                best = e;
            }
        }
        if (best != null && bestDistance * scale.get() < 12) {
            selected = best;
            onSelect.accept(best);
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (run == null) {
            return;
        }
        g.setFont(Font.font(12));
        List<String> lanes = run.lanes();
        for (int i = 0; i < lanes.size(); i++) {
            double y = LANE / 2 + i * LANE;
            g.setFill(i % 2 == 0 ? Color.web("#f6f8fa") : Color.WHITE);
            g.fillRect(0, y, w, LANE);
            g.setFill(Color.web("#24292f"));
            g.fillText(lanes.get(i), 6, y + LANE / 2 + 4);
        }
        double last = offset + (w - LABEL) / scale.get();
        for (RunEvent e : run.events()) {
            if (e.seq() < offset || e.seq() > last) {
                continue;
            }
            int lane = lanes.indexOf(run.laneOf(e));
            double x = LABEL + (e.seq() - offset) * scale.get();
            double y = LANE / 2 + lane * LANE + 6;
            g.setFill(COLOURS.getOrDefault(RunInspection.category(e), Color.GRAY));
            double width = Math.max(2, Math.min(8, scale.get() - 1));
            g.fillRect(x - width / 2, y, width, LANE - 12);
            if (e == selected) {
                g.setStroke(Color.BLACK);
                g.strokeRect(x - width / 2 - 2, y - 2, width + 4, LANE - 8);
            }
        }
        g.setFill(Color.web("#57606a"));
        g.fillText("events " + (long) offset + "–" + (long) Math.min(last, run.total()) + " of " + run.total()
                + (run.total() > run.events().size() ? " (first " + run.events().size() + " loaded)" : ""), LABEL,
                12);
    }
}
