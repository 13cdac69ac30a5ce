package dev.bridle.app.editor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Which side panes of a window are open: the harness list on the left and the editor's inspector on the right. One
 * per window, shared by its editors, so that closing a pane in one document closes it in all; the window remembers
 * it in its preferences. Closed panes give their room to the canvas.
 */
public final class EditorPanes {

    /** The preference keys the window stores the panes under. */
    public static final String HARNESS_LIST = "harnessList";
    public static final String INSPECTOR = "inspector";

    private final BooleanProperty harnessList = new SimpleBooleanProperty(this, HARNESS_LIST, true);
    private final BooleanProperty inspector = new SimpleBooleanProperty(this, INSPECTOR, true);

    /** Whether the harness list (the window's left side) is open. */
    public BooleanProperty harnessListProperty() {
        return harnessList;
    }

    /** Whether the editors' inspector is open. */
    public BooleanProperty inspectorProperty() {
        return inspector;
    }
}
