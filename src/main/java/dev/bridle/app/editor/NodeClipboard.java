package dev.bridle.app.editor;

import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes copied with Ctrl+C, shared by every open document so that nodes can be pasted into another harness. */
public final class NodeClipboard {

    private List<Node> nodes = List.of();
    private Map<String, Position> positions = Map.of();
    private int pastes;

    /** Keeps copies of {@code nodes} and where they were. */
    public void put(List<Node> copied, Map<String, Position> at) {
        nodes = List.copyOf(copied);
        positions = new LinkedHashMap<>(at);
        pastes = 0;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Position> positions() {
        return positions;
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** How far the next paste lands from the originals: one grid step further each time, so copies do not stack. */
    double nextOffset() {
        pastes++;
        return pastes * EditorViewModel.GRID * 2;
    }
}
