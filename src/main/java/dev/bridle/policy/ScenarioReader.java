package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
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
            Set.of("bridle", "name", "description", "task", "harness", "model", "tools", "approvals", "expect",
                    "pending", "workspace");
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
        return read(SourceDocument.read(path, DocumentLimits.SCENARIO), path);
    }

    /** Reads a scenario from {@code text}, as if from the file {@code path}. */
    public static Loaded parse(Path path, String text) throws DocumentException {
        return read(SourceDocument.parse(path.toString(), text, DocumentLimits.SCENARIO), path);
    }

    /**
     * Refuses a scenario that tests another harness than {@code harness}: its {@code harness:} must name that file, as
     * {@code bridle validate} reads it.
     */
    public static void requireHarness(Loaded loaded, Path harness) throws DocumentException {
        Path named = loaded.harnessFile();
        if (!sameFile(named, harness)) {
            throw new DocumentException(Problem.error(loaded.source().locateInValue("/harness", 1, 1), "/harness",
                    "this scenario tests '" + loaded.scenario().harness() + "' (" + named + "), not " + harness
                            + "; run it with that harness, or change 'harness:'"));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall back to comparing the names, which is what a missing file leaves to compare.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static Loaded read(SourceDocument doc, Path path) throws DocumentException {
        TreeReader r = new TreeReader(doc);
        Scenario scenario = build(r, defaultName(path));
        if (scenario != null) {
            // refused here, not only by validate: running a scenario writes its workspace keys to the disk
            r.problems().addAll(ScenarioChecks.workspacePaths(doc, scenario));
        }
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
        List<Boolean> approvals = approvals(r, root);
        Scenario.Expectation expect = expectation(r, root);
        Optional<String> pending = r.text(root, "", "pending", false);
        Optional<Scenario.Workspace> workspace = workspace(r, root);
        if (harness.isEmpty() || script == null) {
            return null;
        }
        return new Scenario(name, description, task, harness.get(), script, tools, approvals, expect,
                pending, workspace);
    }

    private static Scenario.Script script(TreeReader r, JsonNode root) {
        Optional<JsonNode> model = r.requireObject(root, "", "model");
        if (model.isEmpty()) {
            return null;
        }
        r.onlyKeys(model.get(), "/model", Set.of("turns", "repeat", "summaries"));
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
        return new Scenario.Script(turns, repeat, r.textList(model.get(), "/model", "summaries"));
    }

    private static Scenario.Turn turn(TreeReader r, JsonNode t, String p) {
        r.onlyKeys(t, p, Set.of("say", "calls", "fault", "latency", "when"));
        String say = r.text(t, p, "say", false).orElse("");
        Scenario.Fault fault = r.text(t, p, "fault", false).flatMap(w -> {
            Optional<Scenario.Fault> f = Scenario.Fault.ofWord(w);
            if (f.isEmpty()) {
                r.error(TreeReader.child(p, "fault"), "fault must be one of [bad-arguments, empty, error, malformed,"
                        + " timeout, too-long, unknown-tool], not '" + w + "'");
            }
            return f;
        }).orElse(null);
        long latency = r.text(t, p, "latency", false).map(w -> Durations.parse(w).map(java.time.Duration::toMillis)
                .orElseGet(() -> {
                    r.error(TreeReader.child(p, "latency"), "latency must be a duration such as 250ms or 2s");
                    return 0L;
                })).orElse(0L);
        Scenario.Match when = null;
        JsonNode w = t.get("when");
        if (w != null && r.object(w, TreeReader.child(p, "when")).isPresent()) {
            String wp = TreeReader.child(p, "when");
            r.onlyKeys(w, wp, Set.of("tool", "contains", "ok"));
            when = new Scenario.Match(r.text(w, wp, "tool", false).orElse(null),
                    r.text(w, wp, "contains", false).orElse(null), w.has("ok") ? w.get("ok").asBoolean() : null);
        }
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
        return new Scenario.Turn(say, calls, fault, latency, when);
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
                r.onlyKeys(stub, p, Set.of("result", "error", "sets", "replies"));
                List<Scenario.Reply> replies = new ArrayList<>();
                JsonNode list = stub.get("replies");
                if (list != null) {
                    if (stub.size() != 1 || !list.isArray() || list.isEmpty()) {
                        r.error(p, "tool stub '" + name + "' has either 'replies' (a list) or one reply, not both");
                        return;
                    }
                    for (int i = 0; i < list.size(); i++) {
                        String rp = TreeReader.child(TreeReader.child(p, "replies"), i);
                        r.object(list.get(i), rp).ifPresent(x -> reply(r, name, x, rp).ifPresent(replies::add));
                    }
                } else {
                    reply(r, name, stub, p).ifPresent(replies::add);
                }
                if (!replies.isEmpty()) {
                    out.put(name, new Scenario.ToolStub(replies));
                }
            });
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Scenario.Reply> reply(TreeReader r, String name, JsonNode stub, String p) {
        r.onlyKeys(stub, p, Set.of("result", "error", "sets", "replies"));
        Optional<String> result = r.text(stub, p, "result", false);
        Optional<String> error = r.text(stub, p, "error", false);
        if (result.isPresent() == error.isPresent()) {
            r.error(p, "a reply of tool stub '" + name + "' needs exactly one of 'result' or 'error'");
            return Optional.empty();
        }
        Map<String, Object> sets = new LinkedHashMap<>();
        JsonNode s = stub.get("sets");
        if (s != null && r.object(s, TreeReader.child(p, "sets")).isPresent()) {
            sets.putAll(CANONICAL.convertValue(s, Map.class));
        }
        return Optional.of(new Scenario.Reply(result.orElseGet(error::get), error.isPresent(), sets));
    }

    private static Scenario.Expectation expectation(TreeReader r, JsonNode root) {
        JsonNode e = root.get("expect");
        if (e == null || r.object(e, "/expect").isEmpty()) {
            return new Scenario.Expectation(Optional.empty(), Optional.empty(), Optional.empty());
        }
        r.onlyKeys(e, "/expect", Set.of("outcome", "rule", "step", "denied", "allowed", "maxContextTokens", "events",
                "noEvents", "files"));
        Map<String, Boolean> files = new LinkedHashMap<>();
        JsonNode f = e.get("files");
        if (f != null && r.object(f, "/expect/files").isPresent()) {
            r.entries(f).forEach((k, v) -> {
                if (v.isTextual() && (v.asText().equals("present") || v.asText().equals("absent"))) {
                    files.put(k, v.asText().equals("present"));
                } else {
                    r.error(TreeReader.child("/expect/files", k), "a file is expected 'present' or 'absent'");
                }
            });
        }
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
        return new Scenario.Expectation(outcome, rule, step, r.textList(e, "/expect", "denied"),
                r.textList(e, "/expect", "allowed"), r.positiveInt(e, "/expect", "maxContextTokens", false),
                r.textList(e, "/expect", "events"), r.textList(e, "/expect", "noEvents"), files);
    }

    private static Optional<Scenario.Workspace> workspace(TreeReader r, JsonNode root) {
        JsonNode w = root.get("workspace");
        if (w == null || r.object(w, "/workspace").isEmpty()) {
            return Optional.empty();
        }
        r.onlyKeys(w, "/workspace", Set.of("files", "links", "outside"));
        return Optional.of(new Scenario.Workspace(texts(r, w, "files"), texts(r, w, "links"), texts(r, w, "outside")));
    }

    private static Map<String, String> texts(TreeReader r, JsonNode parent, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode m = parent.get(key);
        String p = TreeReader.child("/workspace", key);
        if (m == null || r.object(m, p).isEmpty()) {
            return out;
        }
        r.entries(m).forEach((k, v) -> {
            if (v.isTextual()) {
                out.put(k, v.asText());
            } else {
                r.error(TreeReader.child(p, k), TreeReader.path(TreeReader.child(p, k)) + " must be text");
            }
        });
        return out;
    }

    private static List<Boolean> approvals(TreeReader r, JsonNode root) {
        List<Boolean> out = new ArrayList<>();
        List<String> words = r.textList(root, "", "approvals");
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "approve" -> out.add(true);
                case "reject" -> out.add(false);
                default -> r.error(TreeReader.child("/approvals", i), "an approval is 'approve' or 'reject', not '"
                        + words.get(i) + "'");
            }
        }
        return out;
    }
}
