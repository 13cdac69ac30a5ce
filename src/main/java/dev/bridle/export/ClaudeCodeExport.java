package dev.bridle.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.policy.Agent;
import dev.bridle.policy.ContextPolicy;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Effect;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.ToolGlob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Exports the part of a harness that Claude Code's {@code settings.json} can express: its permission rules as
 * {@code permissions.allow/ask/deny} rules ({@code Read(docs/**)}, {@code Edit(docs/**)}, {@code Write(docs/**)},
 * {@code Bash(git:*)}, {@code WebFetch(domain:docs.example.com)}) and a default deny as {@code defaultMode: dontAsk}.
 * Everything else (rule conditions, guards, context policy, coordination, error policy, tools Claude Code does not
 * have) is listed in the report with the reason, never dropped silently. The mapping is documented in
 * {@code docs/export.md}.
 */
public final class ClaudeCodeExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The Bridle tools the mapping knows, in the order rules are written. */
    private static final List<String> KNOWN = List.of("fs.read", "fs.list", "fs.write", "fs.delete", "http.get",
            "shell");

    private ClaudeCodeExport() {}

    /**
     * The settings and what could not be expressed.
     *
     * @param notExpressed one line per rule, guard or policy left out, with the reason
     */
    public record Result(String agent, ObjectNode settings, List<String> expressed, List<String> notExpressed) {

        public String settingsJson() {
            try {
                return JSON.writeValueAsString(settings) + "\n";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Exports the permissions of {@code agent} (Claude Code settings hold one agent's permissions). */
    public static Result export(Harness h, String agent) {
        Set<String> allow = new LinkedHashSet<>();
        Set<String> ask = new LinkedHashSet<>();
        Set<String> deny = new LinkedHashSet<>();
        List<String> expressed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Agent a = h.agents().get(agent);
        List<String> tools = new ArrayList<>(KNOWN);
        a.tools().stream().filter(t -> !tools.contains(t)).forEach(tools::add);
        for (PermissionRule r : h.permissions().rules()) {
            String name = "permission rule '" + r.id() + "' (" + describe(r) + ")";
            if (!r.agents().isEmpty() && !r.agents().contains(agent)) {
                missing.add(name + ": applies to other agents " + r.agents() + "; this file is for '" + agent + "'");
                continue;
            }
            if (r.when() != null) {
                missing.add(name + ": its condition `" + r.when() + "` is CEL over the call's arguments; Claude"
                        + " Code rules match a tool and a path, domain or command prefix only");
                continue;
            }
            Set<String> target = switch (r.effect()) {
                case ALLOW -> allow;
                case ASK -> ask;
                case DENY -> deny;
            };
            List<String> out = new ArrayList<>();
            ToolGlob glob = ToolGlob.of(r.tool());
            if (r.tool().startsWith("shell:")) {
                String program = r.tool().substring("shell:".length());
                if (program.contains("*")) {
                    missing.add(name + ": a glob over program names has no Bash prefix rule");
                } else {
                    out.add("Bash(" + program + ":*)");
                }
            }
            for (String tool : tools) {
                if (r.tool().startsWith("shell:") || !glob.matches(tool)) {
                    continue;
                }
                switch (tool) {
                    case "fs.read", "fs.list" -> out.addAll(files("Read", r.paths()));
                    case "fs.write" -> {
                        out.addAll(files("Edit", r.paths()));
                        out.addAll(files("Write", r.paths()));
                    }
                    case "fs.delete" -> missing.add(name + ": Claude Code has no delete tool; files are deleted"
                            + " through Bash (`rm`), and a Bash rule matches a command prefix, not a path glob, so"
                            + " " + r.effect().word() + " on fs.delete" + paths(r) + " cannot be said");
                    case "http.get" -> {
                        if (r.hosts().isEmpty()) {
                            out.add("WebFetch");
                        }
                        for (String host : r.hosts()) {
                            if (host.contains("*") || host.contains("?")) {
                                missing.add(name + ": host glob '" + host + "' has no WebFetch domain rule (domains"
                                        + " are matched exactly)");
                            } else {
                                out.add("WebFetch(domain:" + host + ")");
                            }
                        }
                    }
                    case "shell" -> out.add("Bash");
                    default -> missing.add(name + ": Claude Code has no tool for '" + tool + "' (an MCP tool"
                            + " would be named mcp__SERVER__TOOL)");
                }
            }
            if (!out.isEmpty()) {
                Set<String> distinct = new LinkedHashSet<>(out);
                target.addAll(distinct);
                expressed.add(name + " -> " + r.effect().word() + " " + String.join(", ", distinct));
            }
        }
        ObjectNode settings = JSON.createObjectNode();
        ObjectNode permissions = settings.putObject("permissions");
        array(permissions.putArray("allow"), allow);
        array(permissions.putArray("ask"), ask);
        array(permissions.putArray("deny"), deny);
        switch (h.permissions().defaultEffect()) {
            case DENY -> {
                permissions.put("defaultMode", "dontAsk");
                expressed.add("permissions.default deny -> defaultMode dontAsk (tools not allowed above are refused"
                        + " without asking)");
            }
            case ASK -> expressed.add("permissions.default ask -> Claude Code's default mode, which asks");
            case ALLOW -> missing.add("permissions.default allow: Claude Code has no mode that allows everything"
                    + " yet keeps ask rules; bypassPermissions is not written, tools not listed will be asked for");
        }
        if (!deny.isEmpty() && allow.stream().noneMatch(x -> x.startsWith("Bash"))) {
            expressed.add("no Bash rule is allowed, so Read and Edit deny rules cannot be sidestepped with `cat` or"
                    + " `sed` (Claude Code applies them to its file tools only)");
        }
        missing.add("real-path checks (rule 'path-scope'): Claude Code matches the path as written; the runtime"
                + " refuses `../` and symlinks that leave the workspace, settings.json cannot");
        for (GuardSpec g : h.guards()) {
            missing.add("guard '" + g.id() + "' (" + guard(g) + "): settings.json has no guards; enforce it with"
                    + " the Bridle runtime (docs/runtime.md), for example from a PreToolUse hook");
        }
        for (Agent other : h.agents().values()) {
            if (other.limits().steps() > 0 || other.limits().turns() > 0 || other.limits().tokens() > 0) {
                missing.add("agents." + other.id() + ".limits: step, turn and token limits are guards; not"
                        + " expressible");
            }
            if (!other.id().equals(agent)) {
                missing.add("agent '" + other.id() + "': this file holds the permissions of '" + agent + "' only;"
                        + " export it again with --agent " + other.id());
            }
        }
        if (!h.context().equals(ContextPolicy.UNMANAGED)) {
            missing.add("context (window " + h.context().window() + ", " + h.context().compaction().word()
                    + ", pins " + h.context().pin() + "): Claude Code compacts its context by its own rules");
        }
        if (!h.coordination().equals(Coordination.DEFAULT)) {
            missing.add("coordination (turns " + h.coordination().turns().word() + ", locks "
                    + h.coordination().locks().word() + "): Claude Code settings have no turn-taking or locks");
        }
        if (!h.onError().equals(ErrorPolicy.DEFAULT)) {
            missing.add("onError (retry " + h.onError().retry() + ", then " + h.onError().then().word()
                    + "): no error policy in settings.json");
        }
        long structural = h.workflow().nodes().values().stream()
                .filter(n -> !(n instanceof Node.AgentNode) && !(n instanceof Node.EndNode)).count();
        if (structural > 0) {
            missing.add("workflow: " + structural + " check, approval, checkpoint or parallel node(s); Claude Code"
                    + " runs one agent loop, not a workflow");
        }
        return new Result(agent, settings, expressed, missing);
    }

    /** The report: what went into settings.json, and every rule or guard that could not, with the reason. */
    public static String report(Harness h, Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Claude Code export of harness '").append(h.name()).append("' for agent '").append(r.agent())
                .append("'\n\nexpressed in settings.json (").append(r.expressed().size()).append("):\n");
        r.expressed().forEach(line -> sb.append("  - ").append(line).append('\n'));
        sb.append("\nnot expressible (").append(r.notExpressed().size()).append("):\n");
        r.notExpressed().forEach(line -> sb.append("  - ").append(line).append('\n'));
        return sb.toString();
    }

    private static List<String> files(String tool, List<String> paths) {
        if (paths.isEmpty()) {
            return List.of(tool);
        }
        return paths.stream().map(p -> tool + "(" + p + ")").toList();
    }

    private static void array(ArrayNode node, Set<String> rules) {
        rules.forEach(node::add);
    }

    private static String describe(PermissionRule r) {
        return r.effect().word() + " " + r.tool() + paths(r)
                + (r.hosts().isEmpty() ? "" : " hosts " + String.join(", ", r.hosts()));
    }

    private static String paths(PermissionRule r) {
        return r.paths().isEmpty() ? "" : " " + String.join(", ", r.paths());
    }

    private static String guard(GuardSpec g) {
        return switch (g) {
            case GuardSpec.Steps s -> "steps.max=" + s.max();
            case GuardSpec.Turns t -> "turns.max=" + t.max();
            case GuardSpec.Deadline d -> "deadline " + d.limit();
            case GuardSpec.Tokens t -> "tokens context=" + t.context() + " total=" + t.total();
            case GuardSpec.Cost c -> "cost.max=" + c.max();
            case GuardSpec.Loop l -> "loop window=" + l.window() + " repeats=" + l.repeats();
            case GuardSpec.NoProgress n -> "noProgress steps=" + n.steps();
            case GuardSpec.Stall s -> "stall after=" + s.after();
            case GuardSpec.Complete c -> "complete: " + c.when();
            case GuardSpec.Custom c -> "when: " + c.when();
        };
    }
}
