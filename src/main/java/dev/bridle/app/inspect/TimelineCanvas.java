package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.ArrayList;
import java.util.HashMap;
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
 * One lane per agent (and one for the run), each event a mark coloured by its kind, over an axis of event numbers with
 * the step of each tick, drawn on a canvas so that a run of a million events stays cheap: only the events in view are
 * read (a page at a time, see {@link EventPages}) and drawn, at most one mark per pixel and lane. A run opens fitted to
 * the width; the wheel zooms around the cursor (clamped), dragging pans, a click selects the nearest event (a cursor
 * through every lane, the mark ringed).
 */
public final class TimelineCanvas extends Region {

    static final double LANE = 28;
    static final double LABEL = 110;
    /** The height of the axis under the lanes: its ticks, event numbers and steps. */
    static final double AXIS = 34;
    /** The room kept right of the last event when the run is fitted to the width. */
    private static final double MARGIN = 16;
    /** The kinds of marks, in the legend's order, with the words the legend gives them. */
    static final Map<String, String> KINDS = kinds();
    static final Map<String, Color> COLOURS = Map.ofEntries(
            Map.entry("model", Color.web("#3b82f6")), Map.entry("tool", Color.web("#6b7280")),
            Map.entry("allow", Color.web("#16a34a")), Map.entry("deny", Color.web("#dc2626")),
            Map.entry("ask", Color.web("#d97706")), Map.entry("guard", Color.web("#ea580c")),
            Map.entry("context", Color.web("#9333ea")), Map.entry("lock", Color.web("#0891b2")),
            Map.entry("error", Color.web("#b91c1c")), Map.entry("checkpoint", Color.web("#0d9488")),
            Map.entry("run", Color.web("#111827")), Map.entry("node", Color.web("#a3a3a3")));

    private static final Color STRIPE = Color.web("#f6f8fa");
    private static final Color TEXT = Color.web("#24292f");
    private static final Color MUTED = Color.web("#57606a");
    private static final Color CURSOR = Color.web("#0969da");

    private static Map<String, String> kinds() {
        Map<String, String> k = new java.util.LinkedHashMap<>();
        k.put("run", "run");
        k.put("node", "node");
        k.put("model", "model call");
        k.put("tool", "tool call");
        k.put("allow", "allowed");
        k.put("ask", "asked");
        k.put("deny", "denied");
        k.put("guard", "guard");
        k.put("context", "context");
        k.put("checkpoint", "checkpoint");
        k.put("lock", "lock");
        k.put("error", "error");
        return java.util.Collections.unmodifiableMap(k);
    }

    private final Canvas canvas = new Canvas();
    private final DoubleProperty scale = new SimpleDoubleProperty(8); // pixels per event
    private double offset; // first visible seq
    private double dragX;
    private RunInspection run;
    private EventPages pages;
    private final List<String> lanes = new ArrayList<>();
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private RunEvent selected;
    private boolean stale;
    private String header = "";
    /** Whether the next layout fits the whole run to the width (a run just shown). */
    private boolean fit;
    private Consumer<RunEvent> onSelect = e -> {};

    public TimelineCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("timeline");
        setMinHeight(LANE * 2);
        setOnScroll(e -> {
            zoomAt(e.getX(), e.getDeltaY() > 0 ? 1.25 : 0.8);
            e.consume();
        });
        setOnMousePressed(e -> dragX = e.getX());
        setOnMouseDragged(e -> {
            panBy(e.getX() - dragX);
            dragX = e.getX();
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

    /** The first visible event number, as the axis starts (between two events when zoomed in). */
    public double firstVisible() {
        return offset;
    }

    /** The last event number in view at the current width and scale. */
    public double lastVisible() {
        return offset + Math.max(0, getWidth() - LABEL) / scale.get();
    }

    /** The x of an event's mark. */
    public double xOf(long seq) {
        return LABEL + (seq - offset) * scale.get();
    }

    /** The y of the middle of a lane. */
    public double yOfLane(String lane) {
        Integer i = laneIndex.get(lane);
        return LANE / 2 + (i == null ? 0 : i) * LANE + LANE / 2;
    }

    /** The line above the lanes as last drawn: the events in view, of how many, and the selected one. */
    String header() {
        return header;
    }

    /** The y of the axis line, under the last lane. */
    double axisY() {
        return LANE / 2 + lanes.size() * LANE;
    }

    /** The selected event, or {@code null}. */
    public RunEvent selected() {
        return selected;
    }

    /** Zooms by {@code factor} (clamped) keeping the event under {@code x} where it is, as the wheel does. */
    public void zoomAt(double x, double factor) {
        double pivot = offset + Math.max(0, x - LABEL) / scale.get();
        double next = Math.clamp(scale.get() * factor, 0.01, 40);
        scale.set(next);
        moveTo(pivot - Math.max(0, x - LABEL) / next);
    }

    /** Moves the view by {@code dx} pixels, as a drag does: a positive {@code dx} shows earlier events. */
    public void panBy(double dx) {
        moveTo(offset - dx / scale.get());
    }

    /** The first visible seq, kept between the start and the last event of the run. */
    private void moveTo(double first) {
        offset = Math.clamp(first, 0.5, Math.max(0.5, run == null ? 0 : run.total() - 0.5));
        redraw();
    }

    /** Draws in the next layout pass, once however many changes come before it. */
    private void redraw() {
        stale = true;
        requestLayout();
    }

    /** Shows a run with only its first page of events. */
    public void show(RunInspection inspection) {
        show(inspection, EventPages.firstOnly(inspection));
    }

    /** Shows a run whose events beyond the first page are read from {@code pages} as the view reaches them. */
    public void show(RunInspection inspection, EventPages pages) {
        this.run = inspection;
        this.pages = pages;
        this.offset = 0.5; // events are numbered from 1: half a mark's room before the first
        this.selected = null;
        this.fit = true;
        lanes.clear();
        laneIndex.clear();
        inspection.lanes().forEach(this::laneOf);
        pages.setOnLoaded(this::redraw);
        redraw();
    }

    /** Selects an event (or none), bringing it into view if it is out of it. */
    public void select(RunEvent event) {
        this.selected = event;
        if (event != null && run != null && getWidth() > LABEL && !fit
                && (event.seq() < offset || event.seq() > lastVisible())) {
            moveTo(event.seq() - (lastVisible() - offset) / 2);
        }
        redraw();
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            stale = true;
        }
        if (fit && run != null && getWidth() > LABEL + MARGIN) {
            // a run opens whole across the width, the wheel zooms in from there; a run longer than a page opens on
            // its first page, already loaded, rather than reading every page to draw one frame
            fit = false;
            long shown = Math.max(1, Math.min(run.total(), RunInspection.PAGE));
            scale.set(Math.clamp((getWidth() - LABEL - MARGIN) / shown, 0.01, 40));
            offset = 0.5;
            stale = true;
        }
        if (stale) {
            stale = false;
            draw();
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return LANE * (Math.max(1, lanes.size()) + 1) + AXIS;
    }

    /** The lane of an agent ("run" when none), added the first time it is seen. */
    private int laneOf(String lane) {
        Integer i = laneIndex.get(lane);
        if (i == null) {
            i = lanes.size();
            lanes.add(lane);
            laneIndex.put(lane, i);
            requestLayout();
        }
        return i;
    }

    private static String laneName(RunEvent e) {
        return e.agent() == null ? "run" : e.agent();
    }

    private void pick(double x, double y) {
        if (run == null || x < LABEL || y > LANE / 2 + lanes.size() * LANE) {
            return;
        }
        int lane = (int) Math.floor((y - LANE / 2) / LANE);
        double seq = offset + (x - LABEL) / scale.get();
        double reach = 12 / scale.get();
        RunEvent[] best = {null};
        double[] bestDistance = {Double.MAX_VALUE};
        pages.forEach((long) Math.floor(seq - reach), (long) Math.ceil(seq + reach), e -> {
            if (lane >= 0 && lane < lanes.size() && !laneName(e).equals(lanes.get(lane))) {
                return;
            }
            double d = Math.abs(e.seq() - seq);
            if (d < bestDistance[0]) {
                bestDistance[0] = d;
                best[0] = e;
            }
        });
        if (best[0] != null && bestDistance[0] * scale.get() < 12) {
            selected = best[0];
            onSelect.accept(best[0]);
            redraw();
        }
    }

    /** How much a mark matters when several fall on the same pixel: decisions and failures stay visible. */
    private static int weight(String category) {
        return switch (category) {
            case "deny", "error" -> 3;
            case "guard", "ask", "context", "checkpoint", "lock" -> 2;
            default -> 1;
        };
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
        for (int i = 0; i < lanes.size(); i++) {
            double y = LANE / 2 + i * LANE;
            g.setFill(i % 2 == 0 ? STRIPE : Color.WHITE);
            g.fillRect(0, y, w, LANE);
            g.setFill(TEXT);
            g.fillText(lanes.get(i), 6, y + LANE / 2 + 4);
        }
        double s = scale.get();
        double last = offset + (w - LABEL) / s;
        long tick = tickEvery(s);
        Map<Long, Integer> steps = new HashMap<>(); // the step of each tick's event, when it is loaded
        drawCursor(g);
        boolean whole = s >= 3 ? drawEach(g, last, tick, steps) : drawColumns(g, w, last, tick, steps);
        drawAxis(g, w, last, tick, steps);
        g.setFill(MUTED);
        g.setFont(Font.font(12));
        // events are numbered from 1, and so is the range in view
        long from = Math.max(1, (long) Math.ceil(offset));
        long to = Math.min((long) Math.floor(last), run.total());
        header = "events " + from + "–" + Math.max(from, to) + " of " + run.total()
                + (selected == null ? "" : " · #" + selected.seq() + " " + selected.kind() + " selected")
                + (whole ? "" : pages.readsPages() ? " (reading…)" : " (first " + run.events().size() + " loaded)");
        g.fillText(header, LABEL, 12);
    }

    /** Events between two labelled ticks: 1, 2 or 5 times a power of ten, at least 70 pixels apart. */
    static long tickEvery(double pixelsPerEvent) {
        double wanted = 70 / pixelsPerEvent;
        long unit = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (unit * m >= wanted) {
                    return unit * m;
                }
            }
            unit *= 10;
        }
    }

    /** The selected event's cursor: a band through every lane, under the marks. */
    private void drawCursor(GraphicsContext g) {
        if (selected == null) {
            return;
        }
        double x = xOf(selected.seq());
        g.setFill(CURSOR.deriveColor(0, 1, 1, 0.18));
        g.fillRect(x - 5, LANE / 2, 10, lanes.size() * LANE);
        g.setStroke(CURSOR);
        g.setLineWidth(1);
        g.strokeLine(x + 0.5, LANE / 2, x + 0.5, LANE / 2 + lanes.size() * LANE + 4);
    }

    /** The selected event's mark, filled larger and ringed in the cursor's colour over whatever shares its pixel. */
    private void drawSelectedMark(GraphicsContext g, RunEvent e) {
        double x = xOf(e.seq());
        double y = LANE / 2 + laneOf(laneName(e)) * LANE + 3;
        g.setFill(COLOURS.getOrDefault(RunInspection.category(e), Color.GRAY));
        g.fillRect(x - 5, y, 10, LANE - 6);
        g.setStroke(CURSOR);
        g.setLineWidth(2.5);
        g.strokeRect(x - 6.5, y - 1.5, 13, LANE - 3);
        g.setLineWidth(1);
    }

    /** The axis under the lanes: a tick every {@code tick} events, each with its number and, when known, its step. */
    private void drawAxis(GraphicsContext g, double w, double last, long tick, Map<Long, Integer> steps) {
        double y = LANE / 2 + lanes.size() * LANE;
        g.setStroke(MUTED);
        g.setLineWidth(1);
        g.strokeLine(LABEL, y + 0.5, w, y + 0.5);
        g.setFont(Font.font(11));
        g.setFill(MUTED);
        g.fillText("event", 6, y + 14);
        g.fillText("step", 6, y + 28);
        for (long n = Math.max(tick, (long) Math.ceil(offset / tick) * tick); n <= last && n <= run.total();
                n += tick) {
            double x = xOf(n);
            g.strokeLine(x + 0.5, y, x + 0.5, y + 4);
            g.setFill(TEXT);
            g.fillText(Long.toString(n), x - 3, y + 15);
            Integer step = steps.get(n);
            if (step != null) {
                g.setFill(MUTED);
                g.fillText(Integer.toString(step), x - 3, y + 29);
            }
        }
    }

    /** Zoomed in: one mark per event. */
    private boolean drawEach(GraphicsContext g, double last, long tick, Map<Long, Integer> steps) {
        double s = scale.get();
        double width = Math.min(8, s - 1);
        RunEvent[] chosen = {null};
        boolean whole = pages.forEach((long) Math.floor(offset), (long) Math.ceil(last), e -> {
            double x = LABEL + (e.seq() - offset) * s;
            double y = LANE / 2 + laneOf(laneName(e)) * LANE + 6;
            g.setFill(COLOURS.getOrDefault(RunInspection.category(e), Color.GRAY));
            g.fillRect(x - width / 2, y, width, LANE - 12);
            if (e.seq() % tick == 0) {
                steps.put(e.seq(), e.step());
            }
            if (isSelected(e)) {
                chosen[0] = e;
            }
        });
        if (chosen[0] != null) {
            drawSelectedMark(g, chosen[0]);
        }
        return whole;
    }

    /** Whether {@code e} is the selected event (a page read again holds new objects of the same events). */
    private boolean isSelected(RunEvent e) {
        return selected != null && e.seq() == selected.seq();
    }

    /**
     * Zoomed out, many events share a pixel column: each lane gets one mark per column, of the event that matters most
     * there (the first of those), and neighbouring columns of one colour are drawn as one rectangle. So a frame draws
     * at most a few thousand rectangles, however many events are in view.
     */
    private boolean drawColumns(GraphicsContext g, double w, double last, long tick, Map<Long, Integer> steps) {
        double s = scale.get();
        int columns = (int) Math.max(1, w - LABEL + 2);
        List<String[]> marks = new ArrayList<>(); // per lane: the category drawn in each column
        RunEvent[] chosen = {null};
        boolean whole = pages.forEach((long) Math.floor(offset), (long) Math.ceil(last), e -> {
            int lane = laneOf(laneName(e));
            while (marks.size() <= lane) {
                marks.add(new String[columns]);
            }
            int column = (int) Math.clamp((e.seq() - offset) * s, 0, columns - 1);
            String category = RunInspection.category(e);
            String[] row = marks.get(lane);
            if (row[column] == null || weight(category) > weight(row[column])) {
                row[column] = category;
            }
            if (e.seq() % tick == 0) {
                steps.put(e.seq(), e.step());
            }
            if (isSelected(e)) {
                chosen[0] = e;
            }
        });
        for (int lane = 0; lane < marks.size(); lane++) {
            String[] row = marks.get(lane);
            double y = LANE / 2 + lane * LANE + 6;
            for (int c = 0; c < columns; ) {
                String category = row[c];
                int end = c + 1;
                while (end < columns && row[end] != null && row[end].equals(category)) {
                    end++;
                }
                if (category != null) {
                    g.setFill(COLOURS.getOrDefault(category, Color.GRAY));
                    g.fillRect(LABEL + c - 1, y, end - c + 1, LANE - 12);
                }
                c = end;
            }
        }
        if (chosen[0] != null) {
            drawSelectedMark(g, chosen[0]);
        }
        return whole;
    }
}
