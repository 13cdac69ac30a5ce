package dev.bridle.policy;

import dev.bridle.expr.ExprIssue;
import dev.bridle.expr.Expressions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The semantic checks of a harness that a schema cannot express: references, reachability, unbounded cycles, rule
 * expressions, permission rules that can never match or are shadowed, and subagents wider than their parents.
 */
final class HarnessChecks {

    private HarnessChecks() {}

    static void check(Harness h, TreeReader r) {
        references(h, r);
        if (r.hasErrors()) {
            return;
        }
        ParallelChecks.check(h, r);
        reachability(h, r);
        expressions(h, r);
        permissions(h, r);
        subagents(h, r);
        tools(h, r);
        sandbox(h, r);
    }

    private static String node(String id) {
        return TreeReader.child("/workflow/nodes", id);
    }

    private static void references(Harness h, TreeReader r) {
        Map<String, Node> nodes = h.workflow().nodes();
        if (!nodes.containsKey(h.workflow().start())) {
            r.error("/workflow/start", "start names '" + h.workflow().start() + "', which is not a node; nodes are "
                    + TreeReader.sorted(nodes.keySet()));
        }
        for (Node n : nodes.values()) {
            String p = node(n.id());
            switch (n) {
                case Node.AgentNode a -> {
                    if (!h.agents().containsKey(a.agent())) {
                        r.error(TreeReader.child(p, "agent"), "node '" + a.id() + "' names agent '" + a.agent()
                                + "', which is not declared under agents; agents are "
                                + TreeReader.sorted(h.agents().keySet()));
                    }
                    edges(a.id(), a.next(), nodes, r);
                }
                case Node.CheckNode c -> {
                    target(c.id(), "then", c.then(), nodes, r);
                    target(c.id(), "else", c.otherwise(), nodes, r);
                }
                case Node.ApprovalNode a -> {
                    target(a.id(), "then", a.then(), nodes, r);
                    target(a.id(), "else", a.otherwise(), nodes, r);
                }
                case Node.CheckpointNode c -> edges(c.id(), c.next(), nodes, r);
                case Node.ParallelNode par -> {
                    for (int i = 0; i < par.branches().size(); i++) {
                        String b = par.branches().get(i);
                        if (!nodes.containsKey(b)) {
                            r.error(TreeReader.child(TreeReader.child(p, "parallel"), i), "parallel branch '" + b
                                    + "' is not a node; nodes are " + TreeReader.sorted(nodes.keySet()));
                        }
                    }
                    if (!(nodes.get(par.join()) instanceof Node.JoinNode)) {
                        r.error(TreeReader.child(p, "join"), "parallel node '" + par.id() + "' must name a join node,"
                                + " and '" + par.join() + "' is " + (nodes.containsKey(par.join())
                                        ? article(nodes.get(par.join()).kind()) + " node" : "not a node"));
                    }
                }
                case Node.JoinNode j -> edges(j.id(), j.next(), nodes, r);
                case Node.EndNode e -> {}
            }
        }
        for (Agent a : h.agents().values()) {
            a.parent().filter(pa -> !h.agents().containsKey(pa) || pa.equals(a.id())).ifPresent(pa -> r.error(
                    TreeReader.child(TreeReader.child("/agents", a.id()), "parent"),
                    "agent '" + a.id() + "' names parent '" + pa + "', which is "
                            + (pa.equals(a.id()) ? "itself" : "not declared under agents")));
        }
        for (int i = 0; i < h.guards().size(); i++) {
            GuardSpec g = h.guards().get(i);
            String p = TreeReader.child(TreeReader.child("/guards", i), "agent");
            g.agent().filter(a -> !h.agents().containsKey(a)).ifPresent(a ->
                    r.error(p, "guard '" + g.id() + "' names agent '" + a + "', which is not declared under agents"));
        }
        h.coordination().supervisor().filter(s -> !h.agents().containsKey(s)).ifPresent(s ->
                r.error("/coordination/supervisor", "supervisor '" + s + "' is not declared under agents"));
        if (h.coordination().turns() == Coordination.Turns.SUPERVISOR && h.coordination().supervisor().isEmpty()) {
            r.error("/coordination", "turns: supervisor needs 'supervisor: AGENT'");
        }
        List<PermissionRule> rules = h.permissions().rules();
        for (int i = 0; i < rules.size(); i++) {
            for (String a : rules.get(i).agents()) {
                if (!h.agents().containsKey(a)) {
                    r.error(TreeReader.child(TreeReader.child("/permissions/rules", i), "agents"),
                            "permission rule '" + rules.get(i).id() + "' names agent '" + a
                                    + "', which is not declared under agents");
                }
            }
        }
        Set<String> layoutless = new HashSet<>(h.layout().keySet());
        layoutless.removeAll(nodes.keySet());
        layoutless.stream().sorted().forEach(id ->
                r.warning(TreeReader.child("/layout", id), "layout names '" + id + "', which is not a node"));
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static void edges(String from, List<Edge> edges, Map<String, Node> nodes, TreeReader r) {
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            if (!nodes.containsKey(e.to())) {
                String p = TreeReader.child(node(from), "next");
                r.error(edges.size() == 1 && e.when() == null ? p : TreeReader.child(TreeReader.child(p, i), "to"),
                        "next names '" + e.to() + "', which is not a node; nodes are "
                                + TreeReader.sorted(nodes.keySet()));
            }
        }
        for (int i = 0; i < edges.size() - 1; i++) {
            if (edges.get(i).when() == null) {
                r.warning(TreeReader.child(TreeReader.child(node(from), "next"), i + 1),
                        "this edge is never taken: the edge before it has no 'when' and is always taken");
            }
        }
    }

    private static void target(String from, String key, String to, Map<String, Node> nodes, TreeReader r) {
        if (!nodes.containsKey(to)) {
            r.error(TreeReader.child(node(from), key), key + " names '" + to + "', which is not a node; nodes are "
                    + TreeReader.sorted(nodes.keySet()));
        }
    }

    private static void reachability(Harness h, TreeReader r) {
        Map<String, Node> nodes = h.workflow().nodes();
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(h.workflow().start()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                todo.addAll(nodes.get(id).successors());
            }
        }
        boolean endReached = false;
        for (Node n : nodes.values()) {
            if (!reached.contains(n.id())) {
                r.warning(node(n.id()), "node '" + n.id() + "' cannot be reached from the start node '"
                        + h.workflow().start() + "'");
            } else if (n instanceof Node.EndNode) {
                endReached = true;
            }
        }
        if (!endReached) {
            r.error("/workflow", "no end node can be reached from '" + h.workflow().start()
                    + "'; add a node with 'end:'");
        }
        Optional<List<String>> cycle = findCycle(h.workflow().start(), nodes);
        if (cycle.isPresent() && !bounded(h)) {
            r.warning(node(cycle.get().getFirst()), "the cycle " + String.join(" -> ", cycle.get())
                    + " is not bounded by any guard; add a steps, turns, deadline or loop guard");
        }
    }

    private static boolean bounded(Harness h) {
        return h.guards().stream().anyMatch(g -> g.agent().isEmpty() && (g instanceof GuardSpec.Steps
                || g instanceof GuardSpec.Turns || g instanceof GuardSpec.Deadline || g instanceof GuardSpec.Loop
                || g instanceof GuardSpec.Tokens || g instanceof GuardSpec.Cost));
    }

    /** The first cycle reachable from {@code start}, as node ids with the first repeated at the end. */
    private static Optional<List<String>> findCycle(String start, Map<String, Node> nodes) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        Deque<String> path = new ArrayDeque<>();
        return dfs(start, nodes, state, path);
    }

    private static Optional<List<String>> dfs(String id, Map<String, Node> nodes, Map<String, Integer> state,
            Deque<String> path) {
        state.put(id, 1);
        path.addLast(id);
        for (String next : nodes.get(id).successors()) {
            Integer s = state.get(next);
            if (s == null) {
                Optional<List<String>> found = dfs(next, nodes, state, path);
                if (found.isPresent()) {
                    return found;
                }
            } else if (s == 1) {
                List<String> cycle = new ArrayList<>();
                boolean on = false;
                for (String p : path) {
                    on |= p.equals(next);
                    if (on) {
                        cycle.add(p);
                    }
                }
                cycle.add(next);
                return Optional.of(cycle);
            }
        }
        path.removeLast();
        state.put(id, 2);
        return Optional.empty();
    }

    private static void expressions(Harness h, TreeReader r) {
        for (Node n : h.workflow().nodes().values()) {
            String p = node(n.id());
            if (n instanceof Node.CheckNode c) {
                cel(c.condition(), TreeReader.child(p, "check"), r);
            }
            List<Edge> edges = switch (n) {
                case Node.AgentNode a -> a.next();
                case Node.CheckpointNode c -> c.next();
                case Node.JoinNode j -> j.next();
                default -> List.of();
            };
            for (int i = 0; i < edges.size(); i++) {
                if (edges.get(i).when() != null) {
                    cel(edges.get(i).when(), TreeReader.child(TreeReader.child(TreeReader.child(p, "next"), i), "when"),
                            r);
                }
            }
        }
        for (int i = 0; i < h.guards().size(); i++) {
            GuardSpec g = h.guards().get(i);
            String p = TreeReader.child("/guards", i);
            if (g instanceof GuardSpec.Complete c) {
                cel(c.when(), TreeReader.child(p, "complete"), r);
            } else if (g instanceof GuardSpec.Custom c) {
                cel(c.when(), TreeReader.child(p, "when"), r);
            }
        }
        List<PermissionRule> rules = h.permissions().rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).when() != null) {
                cel(rules.get(i).when(), TreeReader.child(TreeReader.child("/permissions/rules", i), "when"), r);
            }
        }
    }

    private static void cel(String source, String pointer, TreeReader r) {
        if (Expressions.compile(source) instanceof Expressions.Compiled.Invalid bad) {
            for (ExprIssue issue : bad.issues()) {
                r.problems().add(Problem.error(r.doc().locateInValue(pointer, issue.line(), issue.column()), pointer,
                        "condition does not type-check: " + withoutCandidates(issue.message())));
            }
        }
    }

    /** CEL lists every overload it tried; the first clause says what is wrong. */
    private static String withoutCandidates(String message) {
        int i = message.indexOf(" (candidates:");
        return i < 0 ? message : message.substring(0, i);
    }

    /**
     * Agents' tool lists name tools, not globs: the list is what the model is offered and what {@code agent.tools}
     * enforces, so a pattern there would be offered to the model as a name. A tool that is neither built in nor
     * declared is matched by name only, which deserves a warning: none of its arguments is ever checked.
     */
    private static void tools(Harness h, TreeReader r) {
        for (Agent a : h.agents().values()) {
            String p = TreeReader.child(TreeReader.child("/agents", a.id()), "tools");
            for (int i = 0; i < a.tools().size(); i++) {
                String tool = a.tools().get(i);
                if (tool.indexOf('*') >= 0 || tool.indexOf('?') >= 0 || tool.indexOf(':') >= 0) {
                    r.error(TreeReader.child(p, i), "agent '" + a.id() + "' lists '" + tool + "': an agent's tools are"
                            + " the names it is offered, not globs or TOOL:PROGRAM; list each tool by its name");
                } else if (!h.tools().knows(tool)) {
                    r.warning(TreeReader.child(p, i), undeclared("agent '" + a.id() + "' is offered tool '" + tool
                            + "'", tool));
                }
            }
        }
        List<PermissionRule> rules = h.permissions().rules();
        for (int i = 0; i < rules.size(); i++) {
            PermissionRule rule = rules.get(i);
            String pointer = TreeReader.child(TreeReader.child("/permissions/rules", i), rule.effect().word());
            String tool = toolOf(rule.tool());
            if (tool.indexOf('*') >= 0 || tool.indexOf('?') >= 0) {
                continue;
            }
            if (!h.tools().knows(tool)) {
                r.warning(pointer, undeclared("permission rule '" + rule.id() + "' names tool '" + tool + "'", tool));
            } else if (!scopeFits(rule, h.tools().find(tool).orElseThrow())) {
                r.warning(pointer, "permission rule '" + rule.id() + "' gives " + (rule.paths().isEmpty() ? "hosts"
                        : "paths") + ", but tool '" + tool + "' " + SectionReader.describe(h.tools().find(tool)
                        .orElseThrow()) + ", so a call to it names none and the rule never matches");
            } else if (!tool.equals(rule.tool()) && !h.tools().runsCommands(tool)) {
                r.warning(pointer, "permission rule '" + rule.id() + "' names '" + rule.tool() + "', but tool '" + tool
                        + "' runs no commands (it " + SectionReader.describe(h.tools().find(tool).orElseThrow())
                        + "); only a tool declared with 'runs:' can be named as TOOL:PROGRAM, so it never matches");
            }
        }
    }

    /** Whether a rule's paths and hosts are ones the tool's calls can name (a fetcher names no path, and so on). */
    private static boolean scopeFits(PermissionRule rule, ToolDeclaration d) {
        boolean paths = d.namesPath() || d.touch() == ToolDeclaration.Touch.RUNS;
        boolean hosts = d.touch() == ToolDeclaration.Touch.FETCHES;
        return (rule.paths().isEmpty() || paths) && (rule.hosts().isEmpty() || hosts);
    }

    private static String undeclared(String what, String tool) {
        return what + ", which is neither built in nor declared under tools: it is allowed or denied by name only,"
                + " and none of its arguments is checked; declare what it touches (tools: { " + tool
                + ": { reads: ARG } }, or {} when it touches nothing)";
    }

    /** The tool a rule's tool part names: {@code shell} for {@code shell:git}. */
    static String toolOf(String ruleTool) {
        int colon = ruleTool.indexOf(':');
        return colon < 0 ? ruleTool : ruleTool.substring(0, colon);
    }

    private static void sandbox(Harness h, TreeReader r) {
        if (h.sandbox() == SandboxMode.NONE) {
            r.warning("/sandbox", "sandbox: none runs shell calls without the OS sandbox: a command can read, write"
                    + " and reach whatever the user running it can; remove it to require the sandbox");
        }
    }

    private static void permissions(Harness h, TreeReader r) {
        Set<String> offered = new LinkedHashSet<>();
        h.agents().values().forEach(a -> offered.addAll(a.tools()));
        List<PermissionRule> rules = h.permissions().rules();
        for (int i = 0; i < rules.size(); i++) {
            PermissionRule rule = rules.get(i);
            String p = TreeReader.child("/permissions/rules", i);
            ToolGlob glob = ToolGlob.of(rule.tool());
            Set<String> holders = rule.agents().isEmpty() ? h.agents().keySet() : Set.copyOf(rule.agents());
            boolean canMatch = h.agents().values().stream()
                    .filter(a -> holders.contains(a.id()))
                    .anyMatch(a -> a.tools().stream().anyMatch(t -> glob.matches(t)
                            || (rule.tool().startsWith(t + ":") && h.tools().runsCommands(t))));
            String named = toolOf(rule.tool());
            if (!named.equals(rule.tool()) && h.tools().knows(named) && !h.tools().runsCommands(named)) {
                continue; // tools() says why this TOOL:PROGRAM rule never matches
            }
            if (!canMatch) {
                r.warning(TreeReader.child(p, rule.effect().word()), "permission rule '" + rule.id()
                        + "' can never match: no agent it applies to is offered a tool matching '" + rule.tool()
                        + "'; tools offered are " + offered.stream().sorted().toList());
                continue;
            }
            for (int j = 0; j < i; j++) {
                PermissionRule earlier = rules.get(j);
                if (covers(earlier, rule) && earlier.effect().compareTo(rule.effect()) >= 0) {
                    r.warning(TreeReader.child(p, rule.effect().word()), "permission rule '" + rule.id()
                            + "' is shadowed by '" + earlier.id() + "' (" + earlier.effect().word() + " "
                            + earlier.tool() + "), which matches everything it matches; it never decides");
                    break;
                }
            }
        }
    }

    /** Whether {@code wide} matches every request {@code narrow} matches (sound: may miss some). */
    static boolean covers(PermissionRule wide, PermissionRule narrow) {
        return wide.when() == null
                && ToolGlob.of(narrow.tool()).within(ToolGlob.of(wide.tool()))
                && (wide.agents().isEmpty() || (!narrow.agents().isEmpty()
                        && wide.agents().containsAll(narrow.agents())))
                && coversAll(wide.paths(), narrow.paths())
                && coversAll(wide.hosts(), narrow.hosts());
    }

    private static boolean coversAll(List<String> wide, List<String> narrow) {
        return wide.isEmpty() || wide.contains("**") || (!narrow.isEmpty() && wide.containsAll(narrow));
    }

    private static void subagents(Harness h, TreeReader r) {
        for (Agent child : h.agents().values()) {
            if (child.parent().isEmpty()) {
                continue;
            }
            Agent parent = h.agents().get(child.parent().get());
            String p = TreeReader.child("/agents", child.id());
            for (String tool : child.tools()) {
                if (!parent.tools().contains(tool)) {
                    r.error(TreeReader.child(p, "tools"), "subagent '" + child.id() + "' is offered tool '" + tool
                            + "', which its parent '" + parent.id() + "' is not; a subagent never holds more than"
                            + " its parent");
                }
            }
            List<PermissionRule> rules = h.permissions().rules();
            for (int i = 0; i < rules.size(); i++) {
                PermissionRule rule = rules.get(i);
                if (rule.effect() == Effect.DENY || !rule.agents().contains(child.id())) {
                    continue;
                }
                PermissionRule asParent = new PermissionRule(rule.id(), rule.effect(), rule.tool(),
                        List.of(parent.id()), rule.paths(), rule.hosts(), rule.when());
                // The parent must have a rule at least as permissive that covers the child's.
                boolean parentHasIt = h.permissions().defaultEffect().compareTo(rule.effect()) <= 0
                        || rules.stream()
                                .filter(x -> x.agents().isEmpty() || x.agents().contains(parent.id()))
                                .filter(x -> x.effect().compareTo(rule.effect()) <= 0)
                                .anyMatch(x -> covers(x, asParent));
                if (!parentHasIt) {
                    r.error(TreeReader.child(TreeReader.child("/permissions/rules", i), rule.effect().word()),
                            "permission rule '" + rule.id() + "' gives subagent '" + child.id() + "' "
                                    + rule.effect().word() + " " + rule.tool() + describeScope(rule)
                                    + ", which its parent '" + parent.id() + "' does not have; a subagent never holds"
                                    + " more than its parent");
                }
            }
        }
    }

    private static String describeScope(PermissionRule rule) {
        return (rule.paths().isEmpty() ? "" : " on " + rule.paths()) + (rule.hosts().isEmpty() ? ""
                : " to " + rule.hosts());
    }
}
