package dev.bridle.app.editor;

import dev.bridle.policy.Harness;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One change to a harness, as the user sees it in Edit › Undo: a name and a function from the harness before to the
 * harness after. Harnesses are immutable, so an edit never changes one in place; the {@link EditHistory} keeps the
 * harness before and after each step, which is what makes undo exact.
 */
public sealed interface Edit permits Edit.Change, Edit.Compound {

    /** What the edit does, in the user's words: {@code Delete node 'verify'}. */
    String name();

    /** The harness after the edit. */
    Harness apply(Harness before);

    /**
     * Consecutive edits with the same non-null key are one undo step (typing in the source, for instance); {@code null}
     * means the edit always starts a step of its own.
     */
    default String mergeKey() {
        return null;
    }

    /** An edit made of one change. */
    static Edit of(String name, UnaryOperator<Harness> change) {
        return new Change(name, null, change);
    }

    /** An edit that merges with the edit before it when both have {@code key}. */
    static Edit merging(String name, String key, UnaryOperator<Harness> change) {
        return new Change(name, key, change);
    }

    /** Several edits applied in order as one step: deleting a node with its edges and its position, for instance. */
    static Edit compound(String name, List<Edit> parts) {
        return new Compound(name, parts);
    }

    /** An edit made of one change. */
    record Change(String name, String mergeKey, UnaryOperator<Harness> change) implements Edit {
        public Change {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public Harness apply(Harness before) {
            return change.apply(before);
        }
    }

    /** Several edits applied in order, undone together. */
    record Compound(String name, List<Edit> parts) implements Edit {
        public Compound {
            Objects.requireNonNull(name, "name");
            parts = List.copyOf(parts);
        }

        @Override
        public Harness apply(Harness before) {
            Harness h = before;
            for (Edit part : parts) {
                h = part.apply(h);
            }
            return h;
        }
    }
}
