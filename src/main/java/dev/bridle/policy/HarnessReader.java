package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a harness document (YAML or JSON) into a {@link Harness}, reporting every problem with its location.
 */
public final class HarnessReader {

    private static final Set<String> TOP_KEYS =
            Set.of("bridle", "name", "description", "agents", "workflow", "guards", "layout");
    private static final Set<String> AGENT_KEYS = Set.of("system", "tools");
    private static final Set<String> WORKFLOW_KEYS = Set.of("start", "nodes");

    private HarnessReader() {}

    /** The result of reading: the harness and any warnings about it. */
    public record Loaded(Harness harness, SourceDocument source, List<Problem> warnings) {}

    public static Loaded read(Path path) throws DocumentException {
        return read(SourceDocument.read(path));
    }

    public static Loaded parse(String file, String text) throws DocumentException {
        return read(SourceDocument.parse(file, text));
    }

    public static Loaded read(SourceDocument doc) throws DocumentException {
        TreeReader r = new TreeReader(doc);
        Harness harness = build(r);
        if (harness == null || r.hasErrors()) {
            throw new DocumentException(r.problems());
        }
        return new Loaded(harness, doc, List.copyOf(r.problems()));
    }

    private static Harness build(TreeReader r) {
        Optional<JsonNode> rootOpt = r.object(r.doc().root(), "");
        if (rootOpt.isEmpty()) {
            return null;
        }
        JsonNode root = rootOpt.get();
        r.onlyKeys(root, "", TOP_KEYS);
        JsonNode version = root.get("bridle");
        if (version == null) {
            r.error("", "the document needs 'bridle: " + Harness.FORMAT_VERSION + "' (the format version)");
        } else if (!version.isInt() || version.asInt() != Harness.FORMAT_VERSION) {
            r.error("/bridle", "unsupported format version " + TreeReader.describe(version) + "; this Bridle reads "
                    + Harness.FORMAT_VERSION);
        }
        String name = r.text(root, "", "name", true).orElse("");
        String description = r.text(root, "", "description", false).orElse("");
        Map<String, Agent> agents = agents(r, root);
        Workflow workflow = workflow(r, root, agents);
        List<GuardSpec> guards = GuardReader.guards(r, root.get("guards"), "/guards");
        Map<String, Position> layout = layout(r, root, workflow);
        if (workflow == null) {
            return null;
        }
        return new Harness(name, description, agents, workflow, guards, layout);
    }

    private static Map<String, Agent> agents(TreeReader r, JsonNode root) {
        Map<String, Agent> out = new LinkedHashMap<>();
        Optional<JsonNode> agents = r.requireObject(root, "", "agents");
        if (agents.isEmpty()) {
            return out;
        }
        Map<String, JsonNode> entries = r.entries(agents.get());
        if (entries.isEmpty()) {
            r.error("/agents", "agents must name at least one agent");
        }
        entries.forEach((id, node) -> {
            String p = TreeReader.child("/agents", id);
            r.object(node, p).ifPresent(a -> {
                r.onlyKeys(a, p, AGENT_KEYS);
                String system = r.text(a, p, "system", false).orElse("");
                List<String> tools = r.textList(a, p, "tools");
                out.put(id, new Agent(id, system, tools));
            });
        });
        return out;
    }

    private static Workflow workflow(TreeReader r, JsonNode root, Map<String, Agent> agents) {
        Optional<JsonNode> wfOpt = r.requireObject(root, "", "workflow");
        if (wfOpt.isEmpty()) {
            return null;
        }
        JsonNode wf = wfOpt.get();
        r.onlyKeys(wf, "/workflow", WORKFLOW_KEYS);
        Optional<String> start = r.text(wf, "/workflow", "start", true);
        Optional<JsonNode> nodesOpt = r.requireObject(wf, "/workflow", "nodes");
        if (nodesOpt.isEmpty() || start.isEmpty()) {
            return null;
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        r.entries(nodesOpt.get()).forEach((id, n) -> {
            String p = TreeReader.child("/workflow/nodes", id);
            r.object(n, p).flatMap(o -> NodeReader.node(r, id, o, p, agents)).ifPresent(node -> nodes.put(id, node));
        });
        if (!nodes.containsKey(start.get()) && !r.hasErrors()) {
            r.error("/workflow/start", "start names '" + start.get() + "', which is not a node; nodes are "
                    + TreeReader.sorted(nodes.keySet()));
        }
        Workflow workflow = new Workflow(start.get(), nodes);
        checkReferences(r, workflow);
        return workflow;
    }

    private static void checkReferences(TreeReader r, Workflow workflow) {
        for (Node node : workflow.nodes().values()) {
            String p = TreeReader.child("/workflow/nodes", node.id());
            if (node instanceof Node.AgentNode a && !workflow.nodes().containsKey(a.next())) {
                r.error(TreeReader.child(p, "next"), "next names '" + a.next() + "', which is not a node; nodes are "
                        + TreeReader.sorted(workflow.nodes().keySet()));
            }
        }
        if (r.hasErrors() || !workflow.nodes().containsKey(workflow.start())) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(workflow.start()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                workflow.node(id).ifPresent(n -> todo.addAll(n.successors()));
            }
        }
        boolean endReached = false;
        for (Node node : workflow.nodes().values()) {
            if (!reached.contains(node.id())) {
                r.warning(TreeReader.child("/workflow/nodes", node.id()),
                        "node '" + node.id() + "' cannot be reached from the start node '" + workflow.start() + "'");
            } else if (node instanceof Node.EndNode) {
                endReached = true;
            }
        }
        if (!endReached) {
            r.error("/workflow", "no end node can be reached from '" + workflow.start() + "'; add a node with 'end:'");
        }
    }

    private static Map<String, Position> layout(TreeReader r, JsonNode root, Workflow workflow) {
        Map<String, Position> out = new LinkedHashMap<>();
        JsonNode layout = root.get("layout");
        if (layout == null || r.object(layout, "/layout").isEmpty()) {
            return out;
        }
        r.entries(layout).forEach((id, v) -> {
            String p = TreeReader.child("/layout", id);
            if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                r.error(p, "layout of '" + id + "' must be [x, y]");
            } else if (workflow != null && !workflow.nodes().containsKey(id)) {
                r.warning(p, "layout names '" + id + "', which is not a node");
            } else {
                out.put(id, new Position(v.get(0).asDouble(), v.get(1).asDouble()));
            }
        });
        return out;
    }

    static List<String> kindsOf(JsonNode node, Set<String> kinds) {
        List<String> found = new ArrayList<>();
        for (String k : kinds) {
            if (node.has(k)) {
                found.add(k);
            }
        }
        found.sort(null);
        return found;
    }
}
