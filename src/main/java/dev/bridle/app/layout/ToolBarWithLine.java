package dev.bridle.app.layout;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/**
 * A tool bar whose last item, a line of text (a status, a stop reason), stays at the end of the bar while the bar has
 * room for it and moves to a line of its own under the bar, wrapped, when it has not: a narrow window never hides it
 * in the bar's overflow menu and never cuts it off.
 */
public final class ToolBarWithLine extends VBox {

    /** The gap a tool bar leaves between its items, as AtlantaFX's theme sets it. */
    private static final double GAP = 8;

    private final ToolBar bar;
    private final Label text;
    private final double room;
    private final HBox line = new HBox();

    /**
     * @param bar the tool bar, without {@code text}
     * @param text the line, added at the end of the bar or shown under it
     * @param room the least width the line keeps in the bar, whatever its text: the line moves under the bar when
     *     fewer pixels are left, so that a window of a given width keeps it in one place as its text changes
     */
    public ToolBarWithLine(ToolBar bar, Label text, double room) {
        this.bar = bar;
        this.text = text;
        this.room = room;
        getStyleClass().add("tool-bar-with-line");
        line.getStyleClass().add("tool-bar-line");
        line.setPadding(new Insets(2, 8, 4, 8));
        HBox.setHgrow(text, Priority.NEVER);
        bar.getItems().add(text);
        line.setVisible(false);
        line.setManaged(false);
        getChildren().addAll(bar, line);
        text.textProperty().subscribe(t -> requestLayout());
    }

    /** Whether the line is under the bar (rather than at its end). */
    public boolean lineBelow() {
        return line.isVisible();
    }

    /** The tool bar. */
    public ToolBar bar() {
        return bar;
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth() - snappedLeftInset() - snappedRightInset();
        boolean inBar = bar.getItems().contains(text);
        double textWidth = textWidth();
        // The bar's preferred width counts every item; without the line's own, it is what the other items need.
        double others = bar.prefWidth(-1) - (inBar ? textWidth + GAP : 0);
        boolean fits = width > 0 && others + GAP + Math.max(room, textWidth) <= width;
        if (fits && !inBar) {
            line.getChildren().remove(text);
            text.setWrapText(false);
            text.setMaxWidth(USE_PREF_SIZE);
            text.setMinWidth(USE_PREF_SIZE);
            bar.getItems().add(text);
            line.setVisible(false);
            line.setManaged(false);
        } else if (!fits && inBar && width > 0) {
            bar.getItems().remove(text);
            text.setWrapText(true);
            // wrapped in its line: as wide as the window allows, as tall as its words need
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinWidth(0);
            text.setMinHeight(USE_PREF_SIZE);
            line.getChildren().add(text);
            HBox.setHgrow(text, Priority.ALWAYS);
            line.setVisible(true);
            line.setManaged(true);
        }
        super.layoutChildren();
    }

    /** The line's width on one line, as the bar would give it (measured apart, so that measuring lays out nothing). */
    private double textWidth() {
        Text measure = new Text(text.getText());
        measure.setFont(text.getFont());
        double graphic = text.getGraphic() == null ? 0
                : text.getGraphic().prefWidth(-1) + text.getGraphicTextGap();
        return Math.ceil(measure.getLayoutBounds().getWidth() + graphic + text.snappedLeftInset()
                + text.snappedRightInset());
    }
}
