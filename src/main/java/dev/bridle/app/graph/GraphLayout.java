package dev.bridle.app.graph;

import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import dev.bridle.policy.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each node of a harness's workflow is drawn: at its {@code layout} entry when it has one, otherwise in columns
 * by breadth-first distance from the start node, left to right.
 *
 * @param positions the top-left corner of each node's box, by node id, in breadth-first order
 * @param width the width the whole graph needs, margins included
 * @param height the height the whole graph needs, margins included
 */
public record GraphLayout(Map<String, Position> positions, double width, double height) {

    public static final double NODE_WIDTH = 200;
    public static final double NODE_HEIGHT = 96;
    static final double COLUMN_STEP = 270;
    static final double ROW_STEP = 140;
    static final double MARGIN = 40;
    /** Room above the top row for the start tag. */
    static final double TOP_MARGIN = 48;

    public GraphLayout {
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public static GraphLayout of(Harness harness) {
        Workflow workflow = harness.workflow();
        Map<String, Integer> depth = depths(workflow);
        Map<String, Position> given = harness.layout();
        double belowGiven = given.values().stream().mapToDouble(Position::y).max().orElse(Double.NaN);
        double autoTop = Double.isNaN(belowGiven) ? TOP_MARGIN : belowGiven + ROW_STEP;
        double autoLeft = given.values().stream().mapToDouble(Position::x).min().orElse(MARGIN);

        Map<String, Position> out = new LinkedHashMap<>();
        Map<Integer, Integer> rowsTaken = new HashMap<>();
        for (String id : depth.keySet()) {
            Position p = given.get(id);
            if (p == null) {
                int d = depth.get(id);
                int row = rowsTaken.merge(d, 1, Integer::sum) - 1;
                p = new Position(autoLeft + d * COLUMN_STEP, autoTop + row * ROW_STEP);
            }
            out.put(id, p);
        }
        return fitted(out);
    }

    /** Breadth-first distance of every node from the start; nodes the start cannot reach come last, one column on. */
    private static Map<String, Integer> depths(Workflow workflow) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        if (workflow.nodes().containsKey(workflow.start())) {
            depth.put(workflow.start(), 0);
            todo.add(workflow.start());
        }
        int deepest = 0;
        while (!todo.isEmpty()) {
            String id = todo.poll();
            int d = depth.get(id);
            deepest = Math.max(deepest, d);
            for (String next : workflow.node(id).map(Node::successors).orElse(List.of())) {
                if (workflow.nodes().containsKey(next) && !depth.containsKey(next)) {
                    depth.put(next, d + 1);
                    todo.add(next);
                }
            }
        }
        List<String> unreached = new ArrayList<>(workflow.nodes().keySet());
        unreached.removeAll(depth.keySet());
        for (String id : unreached) {
            depth.put(id, depth.isEmpty() ? 0 : deepest + 1);
        }
        return depth;
    }

    /** Moves the whole graph right or down when positions would put a box, or the start tag, off the canvas. */
    private static GraphLayout fitted(Map<String, Position> positions) {
        double minX = positions.values().stream().mapToDouble(Position::x).min().orElse(MARGIN);
        double minY = positions.values().stream().mapToDouble(Position::y).min().orElse(TOP_MARGIN);
        double dx = Math.max(0, MARGIN / 2 - minX);
        double dy = Math.max(0, TOP_MARGIN - minY);
        Map<String, Position> out = new LinkedHashMap<>();
        double width = 0;
        double height = 0;
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            Position p = new Position(e.getValue().x() + dx, e.getValue().y() + dy);
            out.put(e.getKey(), p);
            width = Math.max(width, p.x() + NODE_WIDTH + MARGIN);
            height = Math.max(height, p.y() + NODE_HEIGHT + MARGIN);
        }
        return new GraphLayout(out, width, height);
    }
}
