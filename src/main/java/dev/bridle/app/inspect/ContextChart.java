package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.util.StringConverter;

/**
 * The context size over a run, with many compactions drawn as one path of short vertical drops (from the size before
 * to the size after), at most one per pixel column. A series per compaction costs a legend entry and a path each, and
 * one series for all of them would have to draw a line back up after each drop; a long run has thousands.
 */
final class ContextChart extends LineChart<Number, Number> {

    private final Path drops = new Path();
    private List<RunEvent.ContextCompacted> compactions = List.of();

    ContextChart() {
        super(new NumberAxis(), new NumberAxis());
        drops.setManaged(false);
        getPlotChildren().add(drops);
        NumberAxis x = (NumberAxis) getXAxis();
        x.setMinorTickCount(0);
        // events are numbered 1, 2, 3: a tick between two of them would name no event
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : "";
            }

            @Override
            public Number fromString(String text) {
                return Long.parseLong(text);
            }
        });
    }

    /** The event axis of a run of {@code total} events: from 0 to the last, a whole number of events per tick. */
    void eventAxis(long total) {
        NumberAxis x = (NumberAxis) getXAxis();
        x.setAutoRanging(false);
        x.setLowerBound(0);
        long unit = TimelineCanvas.tickEvery(700.0 / Math.max(1, total)); // about ten ticks across the chart
        x.setUpperBound(Math.max(unit, (total + unit - 1) / unit * unit));
        x.setTickUnit(unit);
    }

    /**
     * Draws {@code all} as drops, coloured as the series at {@code seriesIndex} (the one that names them in the legend
     * and gives the axis their range).
     */
    void setDrops(List<RunEvent.ContextCompacted> all, int seriesIndex) {
        compactions = List.copyOf(all);
        drops.getStyleClass().setAll("chart-series-line", "series" + seriesIndex, "default-color" + (seriesIndex % 8));
        requestChartLayout();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        List<PathElement> elements = new ArrayList<>();
        int column = Integer.MIN_VALUE;
        double x = 0;
        double top = 0;
        double bottom = 0;
        for (RunEvent.ContextCompacted c : compactions) {
            double at = getXAxis().getDisplayPosition(c.seq());
            double before = getYAxis().getDisplayPosition(c.before());
            double after = getYAxis().getDisplayPosition(c.after());
            if ((int) at == column) {
                top = Math.min(top, before);
                bottom = Math.max(bottom, after);
                continue;
            }
            if (column != Integer.MIN_VALUE) {
                elements.add(new MoveTo(x, top));
                elements.add(new LineTo(x, bottom));
            }
            column = (int) at;
            x = at;
            top = before;
            bottom = after;
        }
        if (column != Integer.MIN_VALUE) {
            elements.add(new MoveTo(x, top));
            elements.add(new LineTo(x, bottom));
        }
        drops.getElements().setAll(elements);
        drops.toFront();
    }
}
