package dev.bridle.app.editor;

import dev.bridle.policy.Harness;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The undo and redo stacks of one document, and the harness they lead to. Each step keeps the harness before and
 * after it, so undoing is setting the harness back, whatever the edit was. The document is dirty whenever the
 * harness differs from the one last saved, so undoing back to the saved state makes it clean again.
 *
 * <p>Not thread-safe: use it on one thread (the FX thread in the workbench).
 */
public final class EditHistory {

    /** How many steps undo can go back; older ones are forgotten. */
    public static final int LIMIT = 500;

    private record Step(String name, String mergeKey, Harness before, Harness after) {}

    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private final ReadOnlyObjectWrapper<Harness> harness = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper redoName = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private Harness saved;
    /** Set when the file no longer holds the saved harness (changed or deleted elsewhere, and kept): dirty for good. */
    private boolean savedLost;
    /** Set when the next edit must start a step of its own even if it could merge (after undo, redo, save). */
    private boolean sealed = true;

    /** A history at {@code start} with nothing to undo; {@code start} counts as saved. */
    public EditHistory(Harness start) {
        reset(start);
    }

    /** The current harness; {@code null} only while a document's source does not read. */
    public ReadOnlyObjectProperty<Harness> harnessProperty() {
        return harness.getReadOnlyProperty();
    }

    public Harness harness() {
        return harness.get();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** The name of the step undo would take back, or {@code ""}. */
    public ReadOnlyStringProperty undoNameProperty() {
        return undoName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoNameProperty() {
        return redoName.getReadOnlyProperty();
    }

    /** Whether the harness differs from the one last saved (or opened). */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /**
     * Applies {@code edit} and records it as a step, or merges it into the last step when both share a merge key.
     * An edit that changes nothing is not recorded.
     *
     * @return whether the harness changed
     * @throws IllegalArgumentException when the edit refuses the harness (a duplicate id, for instance); nothing
     *     changes then
     */
    public boolean execute(Edit edit) {
        Harness before = harness.get();
        Harness after = edit.apply(before);
        if (Objects.equals(before, after)) {
            return false;
        }
        Step last = undo.peek();
        if (!sealed && last != null && edit.mergeKey() != null && edit.mergeKey().equals(last.mergeKey())) {
            undo.pop();
            undo.push(new Step(last.name(), last.mergeKey(), last.before(), after));
        } else {
            undo.push(new Step(edit.name(), edit.mergeKey(), before, after));
            if (undo.size() > LIMIT) {
                undo.removeLast();
            }
        }
        sealed = false;
        redo.clear();
        show(after);
        return true;
    }

    /** Takes back the last step; does nothing when there is none. */
    public void undo() {
        Step step = undo.poll();
        if (step != null) {
            redo.push(step);
            sealed = true;
            show(step.before());
        }
    }

    /** Makes the last undone step again; does nothing when there is none. */
    public void redo() {
        Step step = redo.poll();
        if (step != null) {
            undo.push(step);
            sealed = true;
            show(step.after());
        }
    }

    /** Forgets every step and starts again at {@code start}, which counts as saved. */
    public void reset(Harness start) {
        undo.clear();
        redo.clear();
        saved = start;
        savedLost = false;
        sealed = true;
        show(start);
    }

    /** Records that the current harness is what the file holds now. */
    public void markSaved() {
        saved = harness.get();
        savedLost = false;
        sealed = true;
        dirty.set(false);
    }

    /**
     * Records that the file no longer holds what was saved (another program changed or deleted it, and the user kept
     * this version): the document stays dirty, whatever is undone, until it is saved again.
     */
    public void markUnsaved() {
        savedLost = true;
        sealed = true;
        dirty.set(true);
    }

    /** How many steps undo can take back. */
    public int undoSize() {
        return undo.size();
    }

    private void show(Harness h) {
        harness.set(h);
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoName.set(undo.isEmpty() ? "" : undo.peek().name());
        redoName.set(redo.isEmpty() ? "" : redo.peek().name());
        dirty.set(savedLost || !Objects.equals(h, saved));
    }
}
