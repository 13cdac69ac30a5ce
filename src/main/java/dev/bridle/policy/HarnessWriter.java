package dev.bridle.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;

/**
 * Writes a harness in its canonical form: keys in a fixed order, defaults left out, nodes and agents in document
 * order. The same harness always gives the same bytes, and reading them back gives an equal harness.
 */
public final class HarnessWriter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private HarnessWriter() {}

    /** The canonical YAML text. */
    public static String yaml(Harness h) {
        return write(YAML, h);
    }

    /** The canonical JSON text, indented, as bundles carry it. */
    public static String json(Harness h) {
        return write(JSON, h) + "\n";
    }

    /** The canonical JSON text on one line, the form digests are taken over. */
    public static String compactJson(Harness h) {
        return write(COMPACT, h);
    }

    private static String write(ObjectMapper mapper, Harness h) {
        try {
            return mapper.writeValueAsString(tree(h));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write harness " + h.name(), e);
        }
    }

    /** The canonical tree. */
    public static ObjectNode tree(Harness h) {
        ObjectNode root = F.objectNode();
        root.put("bridle", Harness.FORMAT_VERSION);
        root.put("name", h.name());
        if (!h.description().isEmpty()) {
            root.put("description", h.description());
        }
        ObjectNode agents = root.putObject("agents");
        h.agents().values().forEach(a -> agents.set(a.id(), agent(a)));
        if (!h.tools().declared().isEmpty()) {
            ObjectNode tools = root.putObject("tools");
            h.tools().declared().forEach((name, d) -> {
                ObjectNode o = tools.putObject(name);
                if (d.touch() != ToolDeclaration.Touch.NOTHING) {
                    o.put(d.touch().word(), d.argument());
                }
            });
        }
        ObjectNode workflow = root.putObject("workflow");
        workflow.put("start", h.workflow().start());
        ObjectNode nodes = workflow.putObject("nodes");
        h.workflow().nodes().values().forEach(n -> nodes.set(n.id(), node(n)));
        if (!h.guards().isEmpty()) {
            ArrayNode guards = root.putArray("guards");
            h.guards().forEach(g -> guards.add(guard(g)));
        }
        if (!h.permissions().equals(Permissions.DENY_ALL)) {
            root.set("permissions", permissions(h.permissions()));
        }
        if (h.sandbox() != SandboxMode.REQUIRED) {
            root.put("sandbox", h.sandbox().word());
        }
        if (!h.context().equals(ContextPolicy.UNMANAGED)) {
            root.set("context", context(h.context()));
        }
        if (!h.coordination().equals(Coordination.DEFAULT)) {
            ObjectNode c = root.putObject("coordination");
            c.put("turns", h.coordination().turns().word());
            h.coordination().supervisor().ifPresent(s -> c.put("supervisor", s));
            c.put("locks", h.coordination().locks().word());
            c.put("onBusy", h.coordination().onBusy().word());
        }
        if (!h.onError().equals(ErrorPolicy.DEFAULT)) {
            root.set("onError", errorPolicy(h.onError()));
        }
        if (!h.limits().equals(RunLimits.DEFAULT)) {
            ObjectNode limits = root.putObject("run").putObject("limits");
            limits.put("attempts", h.limits().attempts());
            limits.put("events", h.limits().events());
            limits.put("transitions", h.limits().transitions());
        }
        if (!h.gateway().equals(GatewayPolicy.DEFAULT)) {
            ObjectNode gateway = root.putObject("gateway");
            gateway.put("denied-call", h.gateway().deniedCall().word());
            gateway.put("approval-timeout", Durations.format(h.gateway().approvalTimeout()));
        }
        if (!h.layout().isEmpty()) {
            ObjectNode layout = root.putObject("layout");
            h.layout().forEach((id, p) -> layout.putArray(id).add(number(p.x())).add(number(p.y())));
        }
        return root;
    }

    private static ObjectNode agent(Agent a) {
        ObjectNode o = F.objectNode();
        if (!a.role().isEmpty()) {
            o.put("role", a.role());
        }
        if (!a.system().isEmpty()) {
            o.put("system", a.system());
        }
        if (!a.tools().isEmpty()) {
            ArrayNode t = o.putArray("tools");
            a.tools().forEach(t::add);
        }
        a.parent().ifPresent(p -> o.put("parent", p));
        if (!a.limits().equals(Agent.Limits.NONE)) {
            ObjectNode l = o.putObject("limits");
            if (a.limits().steps() > 0) {
                l.put("steps", a.limits().steps());
            }
            if (a.limits().turns() > 0) {
                l.put("turns", a.limits().turns());
            }
            if (a.limits().tokens() > 0) {
                l.put("tokens", a.limits().tokens());
            }
        }
        return o;
    }

    private static ObjectNode node(Node n) {
        ObjectNode o = F.objectNode();
        switch (n) {
            case Node.AgentNode a -> {
                o.put("agent", a.agent());
                next(o, a.next());
                a.onError().ifPresent(e -> o.set("onError", errorPolicy(e)));
            }
            case Node.CheckNode c -> {
                o.put("check", c.condition());
                o.put("then", c.then());
                o.put("else", c.otherwise());
                c.onError().ifPresent(e -> o.set("onError", errorPolicy(e)));
            }
            case Node.ApprovalNode a -> {
                o.put("approval", a.prompt());
                o.put("then", a.then());
                o.put("else", a.otherwise());
            }
            case Node.CheckpointNode c -> {
                o.put("checkpoint", true);
                next(o, c.next());
            }
            case Node.ParallelNode p -> {
                ArrayNode b = o.putArray("parallel");
                p.branches().forEach(b::add);
                o.put("join", p.join());
            }
            case Node.JoinNode j -> {
                o.put("join", true);
                next(o, j.next());
            }
            case Node.EndNode e -> o.put("end", e.outcome().word());
        }
        return o;
    }

    private static void next(ObjectNode o, List<Edge> edges) {
        if (edges.size() == 1 && edges.getFirst().when() == null) {
            o.put("next", edges.getFirst().to());
            return;
        }
        ArrayNode a = o.putArray("next");
        for (Edge e : edges) {
            ObjectNode x = a.addObject();
            x.put("to", e.to());
            if (e.when() != null) {
                x.put("when", e.when());
            }
        }
    }

    private static ObjectNode guard(GuardSpec g) {
        ObjectNode o = F.objectNode();
        o.put("id", g.id());
        g.agent().ifPresent(a -> o.put("agent", a));
        switch (g) {
            case GuardSpec.Steps s -> o.putObject("steps").put("max", s.max());
            case GuardSpec.Turns t -> o.putObject("turns").put("max", t.max());
            case GuardSpec.Deadline d -> o.put("deadline", Durations.format(d.limit()));
            case GuardSpec.Tokens t -> {
                ObjectNode b = o.putObject("tokens");
                if (t.context() > 0) {
                    b.put("context", t.context());
                }
                if (t.total() > 0) {
                    b.put("total", t.total());
                }
            }
            case GuardSpec.Cost c -> {
                ObjectNode b = o.putObject("cost");
                b.put("max", c.max());
                b.put("inputPerMillion", c.inputPerMillion());
                b.put("outputPerMillion", c.outputPerMillion());
            }
            case GuardSpec.Loop l -> {
                ObjectNode b = o.putObject("loop");
                b.put("window", l.window());
                b.put("repeats", l.repeats());
                if (l.period() > 1) {
                    b.put("period", l.period());
                    b.put("cycles", l.cycles());
                }
            }
            case GuardSpec.NoProgress n -> o.putObject("noProgress").put("steps", n.steps());
            case GuardSpec.Stall s -> {
                ObjectNode b = o.putObject("stall");
                b.put("after", s.after());
                b.put("nudge", s.nudge());
            }
            case GuardSpec.Complete c -> o.put("complete", c.when());
            case GuardSpec.Custom c -> {
                o.put("when", c.when());
                o.put("then", c.stages().getFirst().word());
            }
        }
        boolean defaultStages = g instanceof GuardSpec.Custom
                || g.stages().equals(g instanceof GuardSpec.Stall
                        ? List.of(GuardSpec.Stage.NUDGE, GuardSpec.Stage.STOP) : GuardSpec.STOP_ONLY);
        if (!defaultStages) {
            ArrayNode st = o.putArray("stages");
            g.stages().forEach(s -> st.add(s.word()));
        }
        return o;
    }

    private static ObjectNode permissions(Permissions p) {
        ObjectNode o = F.objectNode();
        o.put("default", p.defaultEffect().word());
        ArrayNode rules = o.putArray("rules");
        for (int i = 0; i < p.rules().size(); i++) {
            PermissionRule r = p.rules().get(i);
            ObjectNode x = rules.addObject();
            if (!r.id().equals("permissions.rules[" + i + "]")) {
                x.put("id", r.id());
            }
            x.put(r.effect().word(), r.tool());
            list(x, "agents", r.agents());
            list(x, "paths", r.paths());
            list(x, "hosts", r.hosts());
            if (r.when() != null) {
                x.put("when", r.when());
            }
        }
        return o;
    }

    private static ObjectNode context(ContextPolicy c) {
        ObjectNode o = F.objectNode();
        o.put("window", c.window());
        o.put("compaction", c.compaction().word());
        o.put("keepRecent", c.keepRecent());
        list(o, "pin", c.pin());
        if (!c.facts().isEmpty()) {
            ObjectNode f = o.putObject("facts");
            c.facts().forEach(f::put);
        }
        list(o, "handoff", c.handoff());
        if (c.overflow() != ContextPolicy.Overflow.TRUNCATE) {
            o.put("overflow", c.overflow().word());
        }
        return o;
    }

    private static ObjectNode errorPolicy(ErrorPolicy e) {
        ObjectNode o = F.objectNode();
        o.put("retry", e.retry());
        if (!e.backoff().isZero()) {
            o.put("backoff", Durations.format(e.backoff()));
        }
        o.put("then", e.then().word());
        return o;
    }

    private static void list(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? F.numberNode((long) v) : F.numberNode(v);
    }
}
