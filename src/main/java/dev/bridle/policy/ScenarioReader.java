package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a scenario document, reporting every problem with its location. */
public final class ScenarioReader {

    /** File names of scenarios end with this. */
    public static final String SUFFIX = ".scenario.yaml";

    private static final Set<String> TOP_KEYS =
            Set.of("bridle", "name", "description", "task", "harness", "model", "tools", "expect");
    private static final ObjectMapper CANONICAL =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ScenarioReader() {}

    /** A scenario and the file it came from. */
    public record Loaded(Scenario scenario, SourceDocument source, Path file) {
        /** The harness file this scenario tests, resolved against the scenario's folder. */
        public Path harnessFile() {
            return file.resolveSibling(scenario.harness()).normalize();
        }
    }

    public static Loaded read(Path path) throws DocumentException {
        SourceDocument doc = SourceDocument.read(path);
        TreeReader r = new TreeReader(doc);
        Scenario scenario = build(r, defaultName(path));
        if (scenario == null || r.hasErrors()) {
            throw new DocumentException(r.problems());
        }
        return new Loaded(scenario, doc, path);
    }

    private static String defaultName(Path path) {
        String f = path.getFileName().toString();
        return f.endsWith(SUFFIX) ? f.substring(0, f.length() - SUFFIX.length()) : f;
    }

    private static Scenario build(TreeReader r, String defaultName) {
        Optional<JsonNode> rootOpt = r.object(r.doc().root(), "");
        if (rootOpt.isEmpty()) {
            return null;
        }
        JsonNode root = rootOpt.get();
        r.onlyKeys(root, "", TOP_KEYS);
        String name = r.text(root, "", "name", false).orElse(defaultName);
        String description = r.text(root, "", "description", false).orElse("");
        String task = r.text(root, "", "task", false).orElse("");
        Optional<String> harness = r.text(root, "", "harness", true);
        Scenario.Script script = script(r, root);
        Map<String, Scenario.ToolStub> tools = tools(r, root);
        Scenario.Expectation expect = expectation(r, root);
        if (harness.isEmpty() || script == null) {
            return null;
        }
        return new Scenario(name, description, task, harness.get(), script, tools, expect);
    }

    private static Scenario.Script script(TreeReader r, JsonNode root) {
        Optional<JsonNode> model = r.requireObject(root, "", "model");
        if (model.isEmpty()) {
            return null;
        }
        r.onlyKeys(model.get(), "/model", Set.of("turns", "repeat"));
        JsonNode turnsNode = model.get().get("turns");
        List<Scenario.Turn> turns = new ArrayList<>();
        if (turnsNode == null || !turnsNode.isArray() || turnsNode.isEmpty()) {
            r.error("/model", "model needs 'turns': a list of at least one turn");
            return null;
        }
        for (int i = 0; i < turnsNode.size(); i++) {
            String p = TreeReader.child("/model/turns", i);
            r.object(turnsNode.get(i), p).ifPresent(t -> turns.add(turn(r, t, p)));
        }
        String repeatWord = r.text(model.get(), "/model", "repeat", false).orElse("none");
        Scenario.Repeat repeat;
        try {
            repeat = Scenario.Repeat.valueOf(repeatWord.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            r.error("/model/repeat", "repeat must be one of [all, last, none], not '" + repeatWord + "'");
            repeat = Scenario.Repeat.NONE;
        }
        return new Scenario.Script(turns, repeat);
    }

    private static Scenario.Turn turn(TreeReader r, JsonNode t, String p) {
        r.onlyKeys(t, p, Set.of("say", "calls"));
        String say = r.text(t, p, "say", false).orElse("");
        List<Scenario.ScriptedCall> calls = new ArrayList<>();
        JsonNode callsNode = t.get("calls");
        if (callsNode != null && !callsNode.isArray()) {
            r.error(TreeReader.child(p, "calls"), "calls must be a list of {tool, args}");
        } else if (callsNode != null) {
            for (int i = 0; i < callsNode.size(); i++) {
                String cp = TreeReader.child(TreeReader.child(p, "calls"), i);
                r.object(callsNode.get(i), cp).ifPresent(c -> {
                    r.onlyKeys(c, cp, Set.of("tool", "args"));
                    Optional<String> tool = r.text(c, cp, "tool", true);
                    JsonNode args = c.get("args");
                    if (args != null && !args.isObject()) {
                        r.error(TreeReader.child(cp, "args"), "args must be a mapping");
                    }
                    tool.ifPresent(name -> calls.add(new Scenario.ScriptedCall(name, canonical(args))));
                });
            }
        }
        return new Scenario.Turn(say, calls);
    }

    /** Canonical JSON: keys sorted at every level, no spaces; the form loop detection and stores compare. */
    public static String canonical(JsonNode args) {
        try {
            if (args == null || args.isNull()) {
                return "{}";
            }
            Object plain = CANONICAL.treeToValue(args, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON for " + args, e);
        }
    }

    private static Map<String, Scenario.ToolStub> tools(TreeReader r, JsonNode root) {
        Map<String, Scenario.ToolStub> out = new LinkedHashMap<>();
        JsonNode tools = root.get("tools");
        if (tools == null || r.object(tools, "/tools").isEmpty()) {
            return out;
        }
        r.entries(tools).forEach((name, v) -> {
            String p = TreeReader.child("/tools", name);
            r.object(v, p).ifPresent(stub -> {
                r.onlyKeys(stub, p, Set.of("result", "error"));
                Optional<String> result = r.text(stub, p, "result", false);
                Optional<String> error = r.text(stub, p, "error", false);
                if (result.isPresent() == error.isPresent()) {
                    r.error(p, "tool stub '" + name + "' needs exactly one of 'result' or 'error'");
                } else {
                    out.put(name, new Scenario.ToolStub(result.orElseGet(error::get), error.isPresent()));
                }
            });
        });
        return out;
    }

    private static Scenario.Expectation expectation(TreeReader r, JsonNode root) {
        JsonNode e = root.get("expect");
        if (e == null || r.object(e, "/expect").isEmpty()) {
            return new Scenario.Expectation(Optional.empty(), Optional.empty(), Optional.empty());
        }
        r.onlyKeys(e, "/expect", Set.of("outcome", "rule", "step"));
        Optional<Outcome> outcome = r.text(e, "/expect", "outcome", false).flatMap(w -> {
            Optional<Outcome> o = Outcome.ofWord(w);
            if (o.isEmpty()) {
                r.error("/expect/outcome", "outcome must be one of [completed, failed, interrupted, stopped], not '"
                        + w + "'");
            }
            return o;
        });
        Optional<String> rule = r.text(e, "/expect", "rule", false);
        Optional<Integer> step = r.positiveInt(e, "/expect", "step", false);
        return new Scenario.Expectation(outcome, rule, step);
    }
}
