package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a harness document (YAML or JSON) into a {@link Harness}: first against the JSON Schema (the contract), then
 * into records, then through the semantic checks of {@link HarnessChecks}. Every problem carries its location.
 */
public final class HarnessReader {

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
        if (!doc.root().isObject()) {
            throw new DocumentException(Problem.error(doc.locate(""), "",
                    "a harness is a mapping (bridle, name, agents, workflow, …), not " + TreeReader.describe(doc.root())));
        }
        List<Problem> schema = SchemaCheck.harness(doc);
        if (!schema.isEmpty()) {
            throw new DocumentException(schema);
        }
        TreeReader r = new TreeReader(doc);
        durations(r);
        if (r.hasErrors()) {
            throw new DocumentException(sorted(r.problems()));
        }
        Harness harness = build(r);
        if (!r.hasErrors()) {
            HarnessChecks.check(harness, r);
        }
        if (r.hasErrors()) {
            throw new DocumentException(sorted(r.problems()));
        }
        return new Loaded(harness, doc, sorted(r.problems()));
    }

    /**
     * Every duration the document gives fits the engine's clock: the schema checks the form, and a value such as
     * {@code 99999999999999999h} that matches it would overflow when read.
     */
    private static void durations(TreeReader r) {
        JsonNode root = r.doc().root();
        JsonNode guards = root.path("guards");
        for (int i = 0; i < guards.size(); i++) {
            duration(r, TreeReader.child(TreeReader.child("/guards", i), "deadline"), guards.get(i).get("deadline"));
        }
        duration(r, "/onError/backoff", root.path("onError").get("backoff"));
        JsonNode wait = root.path("gateway").get("approval-timeout");
        duration(r, "/gateway/approval-timeout", wait);
        if (wait != null && wait.isTextual() && Durations.parse(wait.asText()).filter(d -> d.isZero()).isPresent()) {
            r.error("/gateway/approval-timeout", "gateway.approval-timeout must be more than 0: an approval nobody"
                    + " can give in time is a rejection every time");
        }
        r.entries(root.path("workflow").path("nodes")).forEach((id, n) -> duration(r,
                TreeReader.child(TreeReader.child(TreeReader.child("/workflow/nodes", id), "onError"), "backoff"),
                n.path("onError").get("backoff")));
    }

    private static void duration(TreeReader r, String pointer, JsonNode value) {
        if (value != null && value.isTextual() && Durations.parse(value.asText()).isEmpty()) {
            r.error(pointer, Durations.problem(TreeReader.path(pointer), value.asText()));
        }
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return List.copyOf(out);
    }

    private static Harness build(TreeReader r) {
        JsonNode root = r.doc().root();
        String name = root.path("name").asText();
        String description = root.path("description").asText("");
        Map<String, Agent> agents = agents(r, root.path("agents"));
        Map<String, Node> nodes = new LinkedHashMap<>();
        r.entries(root.path("workflow").path("nodes")).forEach((id, n) ->
                NodeReader.node(r, id, n, TreeReader.child("/workflow/nodes", id)).ifPresent(x -> nodes.put(id, x)));
        Workflow workflow = new Workflow(root.path("workflow").path("start").asText(), nodes);
        List<GuardSpec> guards = GuardReader.guards(r, root.path("guards"));
        Permissions permissions = SectionReader.permissions(r, root.path("permissions"));
        ContextPolicy context = SectionReader.context(root.path("context"));
        Coordination coordination = SectionReader.coordination(root.path("coordination"));
        ErrorPolicy onError = SectionReader.errorPolicy(root.path("onError")).orElse(ErrorPolicy.DEFAULT);
        Map<String, Position> layout = new LinkedHashMap<>();
        r.entries(root.path("layout")).forEach((id, v) -> layout.put(id, new Position(v.get(0).asDouble(),
                v.get(1).asDouble())));
        ToolDeclarations tools = SectionReader.tools(r, root.path("tools"));
        SandboxMode sandbox = SandboxMode.ofWord(root.path("sandbox").asText("required")).orElse(SandboxMode.REQUIRED);
        RunLimits limits = SectionReader.runLimits(root.path("run").path("limits"));
        GatewayPolicy gateway = SectionReader.gateway(root.path("gateway"));
        return new Harness(name, description, agents, workflow, guards, permissions, context, coordination, onError,
                layout, tools, sandbox, limits, gateway);
    }

    private static Map<String, Agent> agents(TreeReader r, JsonNode agents) {
        Map<String, Agent> out = new LinkedHashMap<>();
        r.entries(agents).forEach((id, a) -> {
            JsonNode limits = a.path("limits");
            out.put(id, new Agent(
                    id,
                    a.path("role").asText(""),
                    a.path("system").asText(""),
                    texts(a.path("tools")),
                    Optional.ofNullable(a.get("parent")).map(JsonNode::asText),
                    new Agent.Limits(limits.path("steps").asInt(0), limits.path("turns").asInt(0),
                            limits.path("tokens").asLong(0))));
        });
        return out;
    }

    static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.asText()));
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
