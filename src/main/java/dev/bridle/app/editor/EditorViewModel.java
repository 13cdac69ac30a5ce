package dev.bridle.app.editor;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The state behind one editor tab: the document, the one selection, and what the canvas asks for (add a node where
 * it was dropped, move the dragged nodes, connect a port to a node, delete, copy and paste the selection). Every
 * change goes through the document's history, so every one of them can be undone.
 */
public final class EditorViewModel {

    /** The grid nodes snap to, in canvas units. */
    public static final double GRID = 20;

    private final HarnessDocument document;
    private final EditorSelection selection = new EditorSelection();
    private final NodeClipboard clipboard;
    private final ReadOnlyObjectWrapper<Map<String, Position>> positions = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<ProblemTarget> revealed = new ReadOnlyObjectWrapper<>();

    public EditorViewModel(HarnessDocument document, NodeClipboard clipboard) {
        this.document = document;
        this.clipboard = clipboard;
        document.harnessProperty().subscribe(this::harnessChanged);
    }

    public HarnessDocument document() {
        return document;
    }

    public EditorSelection selection() {
        return selection;
    }

    public Harness harness() {
        return document.harness();
    }

    /**
     * Where every node is drawn: its layout entry, or, for nodes without one (a document written by hand), where the
     * automatic layout puts it.
     */
    public ReadOnlyObjectProperty<Map<String, Position>> positionsProperty() {
        return positions.getReadOnlyProperty();
    }

    /** The element the user asked to see from the problems list; the inspector and the source view follow it. */
    public ReadOnlyObjectProperty<ProblemTarget> revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    private void harnessChanged(Harness h) {
        if (h == null) {
            positions.set(Map.of());
            return;
        }
        Map<String, Position> out = new LinkedHashMap<>();
        boolean missing = h.workflow().nodes().keySet().stream().anyMatch(id -> !h.layout().containsKey(id));
        Map<String, Position> auto = missing ? AutoLayout.of(h) : Map.of();
        for (String id : h.workflow().nodes().keySet()) {
            Position p = h.layout().get(id);
            out.put(id, p != null ? p : auto.get(id));
        }
        positions.set(Map.copyOf(out));
        selection.retain(h.workflow().nodes().keySet(), EdgeRef.all(h));
    }

    /** {@code v} on the grid. */
    public static double snap(double v) {
        return Math.round(v / GRID) * GRID;
    }

    /**
     * Adds a new node of {@code kind} with its top-left corner at {@code at} (snapped), complete so that the document
     * stays valid (see {@link NodeEdits#addNew}), and selects it.
     *
     * @return the new node's id, or {@code null} when the document refused it (the reason is its last refusal)
     */
    public String addNode(String kind, Position at) {
        Harness h = harness();
        if (h == null) {
            return null;
        }
        String id = NodeKinds.freshId(kind, h);
        if (document.execute(NodeEdits.addNew(kind, id, new Position(snap(at.x()), snap(at.y()))))) {
            selection.selectNode(id);
            return id;
        }
        return null;
    }

    /** Where a node added without a drop point goes: right of everything, level with the top of the graph. */
    public Position freeSpot() {
        Map<String, Position> p = positions.get();
        double right = p.values().stream().mapToDouble(Position::x).max().orElse(AutoLayout.LEFT - AutoLayout.COLUMN_STEP);
        double top = p.values().stream().mapToDouble(Position::y).min().orElse(AutoLayout.TOP);
        return new Position(snap(right + AutoLayout.COLUMN_STEP), snap(top));
    }

    /**
     * Where a node added by a click on the palette goes: right of the selected node when one is selected, else at
     * {@code centre} (the middle of what the canvas shows); moved down, a row at a time, until it covers no node.
     */
    public Position spotNear(Position centre) {
        Map<String, Position> p = positions.get();
        String selected = selection.singleNode();
        Position want = selected != null && p.containsKey(selected)
                ? new Position(p.get(selected).x() + AutoLayout.COLUMN_STEP, p.get(selected).y())
                : new Position(centre.x() - NodeSkin.WIDTH / 2, centre.y() - NodeSkin.HEIGHT / 2);
        Position spot = new Position(snap(want.x()), snap(want.y()));
        for (int row = 0; row < 50 && overlaps(spot, p); row++) {
            spot = new Position(spot.x(), snap(spot.y() + NodeSkin.HEIGHT + GRID * 2));
        }
        return spot;
    }

    private static boolean overlaps(Position spot, Map<String, Position> taken) {
        return taken.values().stream().anyMatch(q -> Math.abs(q.x() - spot.x()) < NodeSkin.WIDTH + GRID
                && Math.abs(q.y() - spot.y()) < NodeSkin.HEIGHT + GRID);
    }

    /**
     * Records the end of a drag: the dragged nodes at {@code moved} (snapped), as one step. Nodes the automatic
     * layout placed are written down too, so that nothing else jumps when the layout gets its first entries.
     */
    public void moveNodes(Map<String, Position> moved) {
        Harness h = harness();
        if (h == null || moved.isEmpty()) {
            return;
        }
        Map<String, Position> to = new LinkedHashMap<>();
        positions.get().forEach((id, p) -> {
            if (!h.layout().containsKey(id)) {
                to.put(id, p);
            }
        });
        moved.forEach((id, p) -> to.put(id, new Position(snap(p.x()), snap(p.y()))));
        document.execute(NodeEdits.move(to));
    }

    /** Connects {@code from}'s {@code port} to {@code to}; an end node and a node's own port are refused quietly. */
    public boolean connect(String from, Port port, String to) {
        return harness() != null && document.execute(NodeEdits.connect(from, port, to));
    }

    /** Deletes the selected nodes (with their edges and positions) or the selected edge, as one step. */
    public void deleteSelection() {
        if (!selection.nodes().isEmpty()) {
            Set<String> ids = new LinkedHashSet<>(selection.nodes());
            selection.clear();
            document.execute(NodeEdits.delete(ids));
        } else if (selection.edgeProperty().get() != null) {
            EdgeRef e = selection.edgeProperty().get();
            selection.clear();
            document.execute(NodeEdits.disconnect(e));
        }
    }

    public void selectAll() {
        if (harness() != null) {
            selection.selectNodes(harness().workflow().nodes().keySet());
        }
    }

    /** Copies the selected nodes (and the edges between them) to the clipboard. */
    public boolean copy() {
        Harness h = harness();
        if (h == null || selection.nodes().isEmpty()) {
            return false;
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Position> at = new LinkedHashMap<>();
        for (String id : h.workflow().nodes().keySet()) {
            if (selection.nodes().contains(id)) {
                nodes.add(h.workflow().nodes().get(id));
                at.put(id, positions.get().get(id));
            }
        }
        clipboard.put(nodes, at);
        return true;
    }

    /** Copies, then deletes, the selection. */
    public void cut() {
        if (copy()) {
            deleteSelection();
        }
    }

    /** Pastes the clipboard's nodes under fresh ids, a little below and right of the originals, and selects them. */
    public void paste() {
        if (harness() == null || clipboard.isEmpty()) {
            return;
        }
        double offset = clipboard.nextOffset();
        List<String> ids = new ArrayList<>();
        if (document.execute(NodeEdits.paste(clipboard.nodes(), clipboard.positions(), offset, offset, ids))) {
            selection.selectNodes(ids);
        }
    }

    /**
     * Adds a guard of {@code kind} where it was dropped: on node {@code nodeId} (it watches that node's agent), or on
     * the whole run when {@code nodeId} is {@code null}. A drop on a node that runs no agent is refused with a reason.
     *
     * @return whether the guard was added
     */
    public boolean addGuard(String kind, String nodeId) {
        Harness h = harness();
        if (h == null) {
            return false;
        }
        if (nodeId == null) {
            return document.execute(GuardEdits.addOn(kind, Optional.empty()));
        }
        if (!(h.workflow().nodes().get(nodeId) instanceof Node.AgentNode a)) {
            return document.execute(Edit.of("Add " + kind + " guard", x -> {
                throw new IllegalArgumentException("a guard watches an agent: drop it on an agent node, or on the"
                        + " run strip to watch the whole run");
            }));
        }
        return document.execute(GuardEdits.addOn(kind, Optional.of(a.agent())));
    }

    /** Gives guard {@code index} the responses {@code stages} (its ladder), as one step. */
    public boolean setGuardStages(int index, List<GuardSpec.Stage> stages) {
        return harness() != null && document.execute(GuardEdits.setStages(index, stages));
    }

    /** Removes guard {@code index}, as one step. */
    public boolean removeGuard(int index) {
        Harness h = harness();
        return h != null && index >= 0 && index < h.guards().size() && document.execute(GuardEdits.remove(index));
    }

    /** Lays the whole graph out again, as one step. */
    public void autoLayout() {
        Harness h = harness();
        if (h != null) {
            document.execute(NodeEdits.move(AutoLayout.of(h)));
        }
    }

    /** Selects what {@code target} is about, and tells the views to show it. */
    public void reveal(ProblemTarget target) {
        if (target.section() == ProblemTarget.Section.NODE && harness() != null
                && harness().workflow().nodes().containsKey(target.key())) {
            selection.selectNode(target.key());
        }
        revealed.set(null);
        revealed.set(target);
    }

    public void undo() {
        document.undo();
    }

    public void redo() {
        document.redo();
    }
}
