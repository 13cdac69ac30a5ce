package dev.bridle.app.editor;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * The one selection of an editor: some nodes, or one edge. The canvas, the inspector and the problems list all read
 * and change this, so they always agree on what is selected.
 */
public final class EditorSelection {

    private final ObservableSet<String> nodes = FXCollections.observableSet(new LinkedHashSet<>());
    private final ObjectProperty<EdgeRef> edge = new SimpleObjectProperty<>();

    /** The selected node ids, in the order they were selected. */
    public ObservableSet<String> nodes() {
        return nodes;
    }

    /** The selected edge, or {@code null}. */
    public ObjectProperty<EdgeRef> edgeProperty() {
        return edge;
    }

    /** Selects exactly {@code ids}. */
    public void selectNodes(Collection<String> ids) {
        edge.set(null);
        if (!nodes.equals(Set.copyOf(ids))) {
            nodes.clear();
            nodes.addAll(ids);
        }
    }

    public void selectNode(String id) {
        selectNodes(List.of(id));
    }

    /** Adds {@code id} to the selection, or takes it out when it is in (Shift+click). */
    public void toggleNode(String id) {
        edge.set(null);
        if (!nodes.remove(id)) {
            nodes.add(id);
        }
    }

    public void selectEdge(EdgeRef ref) {
        nodes.clear();
        edge.set(ref);
    }

    public void clear() {
        nodes.clear();
        edge.set(null);
    }

    public boolean isEmpty() {
        return nodes.isEmpty() && edge.get() == null;
    }

    /** The only selected node, or {@code null} when none or several are selected. */
    public String singleNode() {
        return nodes.size() == 1 ? nodes.iterator().next() : null;
    }

    /** Forgets what no longer exists: nodes not in {@code existing}, an edge not among {@code edges}. */
    public void retain(Set<String> existing, List<EdgeRef> edges) {
        nodes.retainAll(existing);
        EdgeRef e = edge.get();
        if (e != null && edges.stream().noneMatch(e::sameAs)) {
            edge.set(null);
        }
    }
}
