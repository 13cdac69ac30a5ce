package dev.bridle.policy;

import dev.bridle.expr.ExprIssue;
import dev.bridle.expr.Expressions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The semantic checks of a harness that a schema cannot express: references, reachability, unbounded cycles, rule
 * expressions, permission rules that can never match or are shadowed, and subagents wider than their parents.
 */
final class HarnessChecks {

    /** A tool's name as an agent lists it (the schema's {@code toolName}). */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

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
        spinningCycles(h, r);
    }

    private static boolean bounded(Harness h) {
        return h.guards().stream().anyMatch(g -> g.agent().isEmpty() && (g instanceof GuardSpec.Steps
                || g instanceof GuardSpec.Turns || g instanceof GuardSpec.Deadline || g instanceof GuardSpec.Loop
                || g instanceof GuardSpec.Tokens || g instanceof GuardSpec.Cost));
    }

    /**
     * A cycle through checks, checkpoints, parallels and joins alone takes no agent step, so no step budget ever counts
     * it: the run would only spin. Approval nodes wait for a person, so a cycle through one does not spin.
     */
    private static void spinningCycles(Harness h, TreeReader r) {
        Map<String, Node> nodes = h.workflow().nodes();
        findCycle(nodes.keySet(), nodes, n -> !(n instanceof Node.AgentNode) && !(n instanceof Node.ApprovalNode))
                .ifPresent(cycle -> r.warning(node(cycle.getFirst()), "the cycle " + String.join(" -> ", cycle)
                        + " has no agent node on it: the run would go round it without taking a step, so no step"
                        + " budget counts it; put an agent node on the cycle or lead it to an end"));
    }

    /** The first cycle reachable from {@code start}, as node ids with the first repeated at the end. */
    private static Optional<List<String>> findCycle(String start, Map<String, Node> nodes) {
        return findCycle(List.of(start), nodes, n -> true);
    }

    /**
     * The first cycle among the nodes {@code within} accepts, searched from each of {@code roots} in turn, as node ids
     * with the first repeated at the end. Iterative, with an explicit stack: a workflow of 100,000 nodes in a line
     * would overflow the thread's stack if each node were a frame.
     */
    static Optional<List<String>> findCycle(Iterable<String> roots, Map<String, Node> nodes, Predicate<Node> within) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        List<String> path = new ArrayList<>();
        Map<String, Integer> onPath = new HashMap<>();
        Deque<Iterator<String>> frames = new ArrayDeque<>();
        for (String root : roots) {
            if (state.containsKey(root) || !nodes.containsKey(root) || !within.test(nodes.get(root))) {
                continue;
            }
            state.put(root, 1);
            onPath.put(root, 0);
            path.add(root);
            frames.push(nodes.get(root).successors().iterator());
            while (!frames.isEmpty()) {
                Iterator<String> it = frames.peek();
                if (!it.hasNext()) {
                    frames.pop();
                    String done = path.removeLast();
                    onPath.remove(done);
                    state.put(done, 2);
                    continue;
                }
                String next = it.next();
                Node n = nodes.get(next);
                if (n == null || !within.test(n)) {
                    continue;
                }
                Integer s = state.get(next);
                if (s == null) {
                    state.put(next, 1);
                    onPath.put(next, path.size());
                    path.add(next);
                    frames.push(n.successors().iterator());
                } else if (s == 1) {
                    List<String> cycle = new ArrayList<>(path.subList(onPath.get(next), path.size()));
                    cycle.add(next);
                    return Optional.of(cycle);
                }
            }
        }
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
                if (tool.isBlank()) {
                    // An empty name is offered to the model as a tool no call can name, and no rule can match.
                    r.error(TreeReader.child(p, i), "agent '" + a.id() + "' lists an empty tool name; list each tool"
                            + " by its name");
                } else if (tool.indexOf('*') >= 0 || tool.indexOf('?') >= 0 || tool.indexOf(':') >= 0) {
                    r.error(TreeReader.child(p, i), "agent '" + a.id() + "' lists '" + tool + "': an agent's tools are"
                            + " the names it is offered, not globs or TOOL:PROGRAM; list each tool by its name");
                } else if (!TOOL_NAME.matcher(tool).matches()) {
                    r.error(TreeReader.child(p, i), "agent '" + a.id() + "' lists '" + tool + "', which is not a tool"
                            + " name: a tool's name has only letters, digits, _ . - and starts with a letter, digit"
                            + " or _");
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
            if (tool.isBlank()) {
                r.error(pointer, "permission rule '" + rule.id() + "' names '" + rule.tool() + "', which has no tool"
                        + " name before the ':'; write TOOL:PROGRAM, such as shell:git");
                continue;
            }
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
            if (named.isBlank()) {
                continue; // tools() reports the missing tool name
            }
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
