package dev.bridle.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parallel node may not be reached again from one of its own branches before its join: a branch that lists the
 * node itself, or leads back to it or to a parallel node around it, would nest runs of the node without end. The
 * walk is iterative, so a workflow of any size is checked without deep recursion.
 */
final class ParallelChecks {

    private ParallelChecks() {}

    static void check(Harness h, TreeReader r) {
        Map<String, Node> nodes = h.workflow().nodes();
        for (Node n : nodes.values()) {
            if (!(n instanceof Node.ParallelNode par)) {
                continue;
            }
            List<String> branches = par.branches();
            for (int i = 0; i < branches.size(); i++) {
                if (leadsBack(par, branches.get(i), nodes)) {
                    r.error(TreeReader.child(TreeReader.child(TreeReader.child("/workflow/nodes", par.id()),
                            "parallel"), i), "parallel branch '" + branches.get(i) + "' leads back to parallel node '"
                            + par.id() + "' before its join '" + par.join() + "'; a parallel node cannot list itself"
                            + " or a node before it");
                }
            }
        }
    }

    /** Whether {@code par} is reached from {@code branch} without passing through its join. */
    private static boolean leadsBack(Node.ParallelNode par, String branch, Map<String, Node> nodes) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(branch);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (id.equals(par.id())) {
                return true;
            }
            if (id.equals(par.join()) || !seen.add(id) || !nodes.containsKey(id)) {
                continue;
            }
            for (String next : nodes.get(id).successors()) {
                todo.push(next);
            }
        }
        return false;
    }
}
