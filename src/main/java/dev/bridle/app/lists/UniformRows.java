package dev.bridle.app.lists;

import java.util.function.BooleanSupplier;
import javafx.beans.property.DoubleProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;

/**
 * Gives every row of a long list or table the height of its first row, measured once it is laid out. A virtualized
 * control whose rows may differ in height keeps a size per row and adds them up again on every layout, which costs a
 * few milliseconds per hundred thousand rows on each frame and each batch of a running run; with one fixed height it
 * costs nothing. The rows must show one line each.
 */
public final class UniformRows {

    private UniformRows() {}

    public static void of(TableView<?> table) {
        measure(table, table.fixedCellSizeProperty(), () -> table.getItems() == null || table.getItems().isEmpty(),
                ".table-row-cell");
    }

    public static void of(ListView<?> list) {
        measure(list, list.fixedCellSizeProperty(), () -> list.getItems() == null || list.getItems().isEmpty(),
                ".list-cell");
    }

    private static void measure(Control control, DoubleProperty fixed, BooleanSupplier empty, String cells) {
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            Scene scene = control.getScene();
            if (fixed.get() > 0 || scene == null || empty.getAsBoolean()) {
                return;
            }
            for (Node n : control.lookupAll(cells)) {
                if (n instanceof IndexedCell<?> cell && !cell.isEmpty() && cell.getHeight() > 0) {
                    fixed.set(cell.getHeight());
                    // Not from inside the pulse's listener list, which is being walked now.
                    javafx.application.Platform.runLater(() -> scene.removePostLayoutPulseListener(check[0]));
                    return;
                }
            }
        };
        control.sceneProperty().subscribe((before, now) -> {
            if (before != null) {
                before.removePostLayoutPulseListener(check[0]);
            }
            if (now != null && fixed.get() <= 0) {
                now.addPostLayoutPulseListener(check[0]);
            }
        });
    }
}
