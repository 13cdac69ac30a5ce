package dev.bridle.app.editor;

import dev.bridle.policy.Harness;
import dev.bridle.policy.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered drawing of a workflow, left to right (a light Sugiyama): edges that close a cycle are set aside, each
 * node goes to the column of the longest path that reaches it, and a few barycentre sweeps order each column so that
 * edges cross less. Deterministic: the same graph always gets the same positions.
 */
public final class AutoLayout {

    /** Horizontal distance between columns and vertical distance between rows, multiples of the grid. */
    public static final double COLUMN_STEP = 280;
    public static final double ROW_STEP = 140;
    public static final double LEFT = 40;
    public static final double TOP = 60;
    private static final int SWEEPS = 4;

    private AutoLayout() {}

    /** Positions for every node of {@code h}'s workflow. */
    public static Map<String, Position> of(Harness h) {
        List<String> ids = new ArrayList<>(h.workflow().nodes().keySet());
        Map<String, List<String>> out = new HashMap<>();
        for (String id : ids) {
            out.put(id, new ArrayList<>());
        }
        for (EdgeRef e : EdgeRef.all(h)) {
            if (out.containsKey(e.to()) && !e.from().equals(e.to()) && !out.get(e.from()).contains(e.to())) {
                out.get(e.from()).add(e.to());
            }
        }
        List<String> order = depthFirstOrder(h.workflow().start(), ids, out);
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        // An edge that goes back in depth-first order closes a cycle; layering ignores it.
        Map<String, List<String>> forward = new HashMap<>();
        Map<String, List<String>> backward = new HashMap<>();
        for (String id : ids) {
            forward.put(id, new ArrayList<>());
            backward.put(id, new ArrayList<>());
        }
        out.forEach((from, targets) -> targets.forEach(to -> {
            if (rank.get(to) > rank.get(from)) {
                forward.get(from).add(to);
                backward.get(to).add(from);
            }
        }));
        Map<String, Integer> layer = new HashMap<>();
        for (String id : order) { // depth-first order is a topological order of the forward edges
            int l = 0;
            for (String p : backward.get(id)) {
                l = Math.max(l, layer.get(p) + 1);
            }
            layer.put(id, l);
        }
        int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            columns.add(new ArrayList<>());
        }
        order.forEach(id -> columns.get(layer.get(id)).add(id));
        Map<String, Double> place = new HashMap<>();
        for (List<String> c : columns) {
            for (int i = 0; i < c.size(); i++) {
                place.put(c.get(i), (double) i);
            }
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int k = 1; k < layers; k++) {
                List<String> c = columns.get(down ? k : layers - 1 - k);
                Map<String, List<String>> neighbours = down ? backward : forward;
                Map<String, Double> bary = new HashMap<>();
                for (String id : c) {
                    List<String> ns = neighbours.get(id);
                    bary.put(id, ns.isEmpty() ? place.get(id)
                            : ns.stream().mapToDouble(place::get).average().orElse(place.get(id)));
                }
                c.sort(Comparator.comparingDouble(bary::get));
                for (int i = 0; i < c.size(); i++) {
                    place.put(c.get(i), (double) i);
                }
            }
        }
        int tallest = columns.stream().mapToInt(List::size).max().orElse(0);
        Map<String, Position> positions = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            List<String> c = columns.get(l);
            double offset = Math.floor((tallest - c.size()) / 2.0) * ROW_STEP;
            for (int i = 0; i < c.size(); i++) {
                positions.put(c.get(i), new Position(LEFT + l * COLUMN_STEP, TOP + offset + i * ROW_STEP));
            }
        }
        Map<String, Position> inDocumentOrder = new LinkedHashMap<>();
        ids.forEach(id -> inDocumentOrder.put(id, positions.get(id)));
        return inDocumentOrder;
    }

    /**
     * Nodes in reverse depth-first post-order from the start, then from each node not reached yet in document order:
     * a topological order in which exactly the edges that close a cycle point backwards.
     */
    private static List<String> depthFirstOrder(String start, List<String> ids, Map<String, List<String>> out) {
        List<String> post = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> roots = new ArrayList<>();
        if (out.containsKey(start)) {
            roots.add(start);
        }
        roots.addAll(ids);
        for (String root : roots) {
            if (!seen.add(root)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            path.push(root);
            next.push(0);
            while (!path.isEmpty()) {
                String id = path.peek();
                int i = next.pop();
                List<String> targets = out.get(id);
                if (i < targets.size()) {
                    next.push(i + 1);
                    String t = targets.get(i);
                    if (seen.add(t)) {
                        path.push(t);
                        next.push(0);
                    }
                } else {
                    post.add(path.pop());
                }
            }
        }
        java.util.Collections.reverse(post);
        return post;
    }
}
