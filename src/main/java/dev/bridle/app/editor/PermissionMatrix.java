package dev.bridle.app.editor;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.Explanation;
import dev.bridle.access.Glob;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.ToolDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The permissions as a grid of agents × tools, as the run's own {@link PermissionGate} sees them: for each cell,
 * whether the agent is offered the tool, every rule that applies to a call of that tool by that agent (agent-scoped
 * or not, with its paths, hosts, program and condition), and what the gate decides for a call naming nothing else.
 * {@link #tryCall} decides one concrete call through the same gate, as {@code bridle explain} and a run do.
 */
public final class PermissionMatrix {

    /**
     * One rule that applies to a cell's calls.
     *
     * @param rule the rule's id
     * @param effect the rule's effect
     * @param paths the path globs it is limited to; empty for every path
     * @param hosts the host globs it is limited to; empty for every host
     * @param program the program a {@code TOOL:PROGRAM} rule names, or empty
     * @param when the rule's CEL condition, or empty
     * @param owned whether this is the rule the cell's own choice edits
     */
    public record Grant(String rule, Effect effect, List<String> paths, List<String> hosts, Optional<String> program,
            Optional<String> when, boolean owned) {

        public Grant {
            paths = List.copyOf(paths);
            hosts = List.copyOf(hosts);
        }

        /** Whether the rule applies to every call of the cell, whatever it names. */
        public boolean unscoped() {
            return paths.isEmpty() && hosts.isEmpty() && program.isEmpty() && when.isEmpty();
        }
    }

    /**
     * One cell.
     *
     * @param offered whether the agent is offered the tool; a call to a tool it is not offered is denied by
     *     {@value PermissionGate#AGENT_TOOLS} whatever the rules say
     * @param own the effect of the rule this cell owns (the one its choice edits), or empty when it owns none
     * @param grants every rule that applies to this agent and tool, in document order
     * @param otherwise what a call that no grant matches gets: the permissions' default
     * @param effective what the gate decides for a call naming no path, host or command
     * @param rule the rule that decided {@code effective}
     * @param paths the path globs of the owned rule
     * @param hosts the host globs of the owned rule
     * @param explanation the gate's explanation of {@code effective}, one line per rule
     */
    public record Cell(String agent, String tool, boolean offered, Optional<Effect> own, List<Grant> grants,
            Effect otherwise, Effect effective, String rule, List<String> paths, List<String> hosts,
            String explanation) {

        public Cell {
            grants = List.copyOf(grants);
        }

        /** The strongest effect of the rules that apply to every call of the cell, if any does. */
        public Optional<Effect> unscopedEffect() {
            return grants.stream().filter(Grant::unscoped).map(Grant::effect).max(Effect::compareTo);
        }

        /** What the cell says in one line: "allow", "allow in docs/**, else deny", "not offered: deny". */
        public String summary() {
            if (!offered) {
                return "not offered → deny";
            }
            Optional<Effect> everywhere = unscopedEffect();
            if (everywhere.isPresent()) {
                // deny beats ask beats allow: only a stronger rule with a scope can change a call's fate
                Set<String> stronger = new LinkedHashSet<>();
                grants.stream().filter(g -> !g.unscoped() && g.effect().compareTo(everywhere.get()) > 0)
                        .forEach(g -> stronger.add(g.effect().word()));
                return "→ " + everywhere.get().word()
                        + (stronger.isEmpty() ? "" : ", " + String.join("/", stronger) + " in scope");
            }
            List<Grant> counted = grants.stream().filter(g -> g.effect() != otherwise).toList();
            if (counted.isEmpty()) {
                return "→ " + otherwise.word();
            }
            Set<String> effects = new LinkedHashSet<>();
            counted.forEach(g -> effects.add(g.effect().word()));
            return "→ " + String.join("/", effects) + " in scope, else " + otherwise.word();
        }
    }

    /**
     * A call to try, as the "try a call" box takes it: empty text means the call does not name that resource.
     *
     * @param host a host name ({@code docs.example.com}) or a whole URL
     */
    public record TryCall(String agent, String tool, String path, String host, String command) {}

    /**
     * What the gate made of a tried call.
     *
     * @param call the tool call as a model would make it, the resource in the argument the tool is declared to touch
     * @param decision the gate's decision, as a run applies it
     * @param explanation the deciding rule and every rule considered, as {@code bridle explain} prints it
     * @param note what of the input was not used, or empty
     */
    public record Tried(ToolCall call, ToolGate.Decision decision, Explanation explanation, String note) {}

    private final Harness harness;
    private final PermissionGate gate;

    public PermissionMatrix(Harness harness) {
        this.harness = harness;
        this.gate = PermissionGate.of(harness, Optional.empty());
    }

    /** The agents, in document order. */
    public List<String> agents() {
        return List.copyOf(harness.agents().keySet());
    }

    /**
     * The tools: every tool an agent is offered, every tool the harness declares in {@code tools:}, then every tool a
     * rule names without a wildcard ({@code shell:git} naming {@code shell}).
     */
    public List<String> tools() {
        Set<String> tools = new LinkedHashSet<>();
        harness.agents().values().forEach(a -> tools.addAll(a.tools()));
        tools.addAll(harness.tools().declared().keySet());
        for (PermissionRule r : harness.permissions().rules()) {
            String tool = toolOf(r);
            if (!tool.contains("*") && !tool.contains("?")) {
                tools.add(tool);
            }
        }
        return new ArrayList<>(tools);
    }

    /** Whether {@code tool} is declared in the harness's {@code tools:} section. */
    public boolean declared(String tool) {
        return harness.tools().declared().containsKey(tool);
    }

    /** What {@code tool} touches, in words ("reads file_path"), or empty for a tool checked by name only. */
    public Optional<String> touches(String tool) {
        return harness.tools().find(tool).filter(d -> d.touch() != ToolDeclaration.Touch.NOTHING)
                .map(d -> d.touch().word() + " " + d.argument());
    }

    public Cell cell(String agent, String tool) {
        Optional<Integer> at = PermissionEdits.cellRule(harness, agent, tool);
        Optional<PermissionRule> owned = at.map(i -> harness.permissions().rules().get(i));
        List<Grant> grants = new ArrayList<>();
        for (PermissionRule r : harness.permissions().rules()) {
            if (appliesTo(r, agent, tool)) {
                int colon = r.tool().indexOf(':');
                grants.add(new Grant(r.id(), r.effect(), r.paths(), r.hosts(),
                        colon > 0 ? Optional.of(r.tool().substring(colon + 1)) : Optional.empty(),
                        Optional.ofNullable(r.when()), owned.isPresent() && owned.get() == r));
            }
        }
        Explanation plain = gate.explain(AccessRequest.of(agent, tool));
        Agent a = harness.agents().get(agent);
        boolean offered = a != null && a.tools().contains(tool);
        return new Cell(agent, tool, offered, owned.map(PermissionRule::effect), grants,
                harness.permissions().defaultEffect(), plain.decision().effect(), plain.decision().rule(),
                owned.map(PermissionRule::paths).orElse(List.of()), owned.map(PermissionRule::hosts).orElse(List.of()),
                plain.render());
    }

    /**
     * Decides one call through the run's gate: the path, host (as {@code https://HOST/} unless a URL is given) or
     * command goes into the argument the tool is declared to touch, as a model's call would carry it; a tool that is
     * neither built in nor declared is checked by name only, and the note says what was left out.
     */
    public Tried tryCall(TryCall t) {
        Map<String, String> args = new LinkedHashMap<>();
        List<String> unused = new ArrayList<>();
        Optional<ToolDeclaration> declaration = harness.tools().find(t.tool());
        ToolDeclaration.Touch touch = declaration.map(ToolDeclaration::touch).orElse(ToolDeclaration.Touch.NOTHING);
        String path = blankToNull(t.path());
        String host = blankToNull(t.host());
        String command = blankToNull(t.command());
        switch (touch) {
            case READS, WRITES -> put(args, declaration.get().argument(), path);
            case FETCHES -> put(args, declaration.get().argument(), host == null ? null
                    : host.contains("://") ? host : "https://" + host + "/");
            case RUNS -> put(args, declaration.get().argument(), command);
            case NOTHING -> {
                // checked by name only
            }
        }
        if (path != null && touch != ToolDeclaration.Touch.READS && touch != ToolDeclaration.Touch.WRITES) {
            unused.add("path");
        }
        if (host != null && touch != ToolDeclaration.Touch.FETCHES) {
            unused.add("host");
        }
        if (command != null && touch != ToolDeclaration.Touch.RUNS) {
            unused.add("command");
        }
        ToolCall call = new ToolCall(t.tool(), json(args));
        String note = unused.isEmpty() ? "" : t.tool() + (declaration.isEmpty()
                ? " is neither built in nor declared in tools:, so only its name is checked"
                : " " + touches(t.tool()).orElse("touches nothing")) + "; the " + String.join(" and ", unused)
                + " given " + (unused.size() == 1 ? "is" : "are") + " not part of the call";
        return new Tried(call, gate.check(t.agent(), call), gate.explain(t.agent(), call), note);
    }

    /** Whether rule {@code r} can take part in deciding a call of {@code tool} by {@code agent}. */
    private static boolean appliesTo(PermissionRule r, String agent, String tool) {
        if (!r.agents().isEmpty() && !r.agents().contains(agent)) {
            return false;
        }
        return Glob.name(r.tool()).matches(tool) || toolOf(r).equals(tool)
                || (r.tool().indexOf(':') > 0 && Glob.name(toolOf(r)).matches(tool));
    }

    /** The tool part of a rule's tool: {@code shell} for {@code shell:git}. */
    private static String toolOf(PermissionRule r) {
        int colon = r.tool().indexOf(':');
        return colon > 0 ? r.tool().substring(0, colon) : r.tool();
    }

    private static void put(Map<String, String> args, String name, String value) {
        if (value != null) {
            args.put(name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A flat JSON object of text values. */
    private static String json(Map<String, String> args) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : args.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        return out.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
