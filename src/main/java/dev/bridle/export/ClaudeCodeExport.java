package dev.bridle.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.access.HostNames;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Exports the part of a harness that Claude Code's {@code settings.json} can express, never granting more than the
 * harness: its permission rules as {@code permissions.allow/ask/deny} rules ({@code Read(/docs/**)},
 * {@code Edit(/docs/**)}, {@code WebFetch(domain:docs.example.com)}, {@code Bash(rm:*)}) and its default as a
 * {@code defaultMode}.
 *
 * <p>An allow is written only where Claude Code would allow no call that the harness's permission check denies or
 * asks about ({@code ClaudeCodeExportPropertyTest} checks it against a model of Claude Code's matching): path globs go
 * through {@link ClaudePathPattern}, no {@code Bash} command is ever allowed (a command prefix cannot say what the
 * shell analysis refuses), and a bare {@code WebFetch} is never allowed. A deny or ask is written at least as wide as
 * the rule, wider where it cannot be said exactly (the safe side), and each widening is listed. Everything else
 * (conditions on allows, guards, context policy, coordination, error policy, tools Claude Code does not have) is
 * listed in the report with the reason, never dropped silently. The mapping is documented in {@code docs/export.md}.
 */
public final class ClaudeCodeExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String READ = "fs.read";
    static final String LIST = "fs.list";
    static final String WRITE = "fs.write";
    static final String DELETE = "fs.delete";
    static final String HTTP = "http.get";
    static final String SHELL = "shell";
    /** The Bridle tools the mapping knows, in the order rules are written. */
    private static final List<String> KNOWN = List.of(READ, LIST, WRITE, DELETE, HTTP, SHELL);
    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    private ClaudeCodeExport() {}

    /**
     * The settings and what could not be expressed.
     *
     * @param widened one line per deny or ask rule written wider than the harness's rule (the safe side), and why
     * @param notExpressed one line per rule, guard or policy left out, with the reason
     */
    public record Result(String agent, ObjectNode settings, List<String> expressed, List<String> widened,
            List<String> notExpressed) {

        public String settingsJson() {
            try {
                return JSON.writeValueAsString(settings) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The same settings with a {@code hooks} section that runs {@code bridle hook claude-code} on every
     * {@code PreToolUse}, {@code PostToolUse} and {@code Stop}: the whole harness (guards, real-path checks, declared
     * tools, {@code ask}, completion) is then enforced on the session, not only what permission rules can say.
     *
     * @param bundle the bundle the hook loads, as Claude Code's shell should see it
     *     ({@code "$CLAUDE_PROJECT_DIR"/.bridle/bundle}); written into the command as given
     * @param bridle how the hook starts Bridle ({@code bridle}, or {@code java -jar /opt/bridle/bridle.jar})
     */
    public static Result withHooks(Result r, String bridle, String bundle) {
        ObjectNode settings = r.settings().deepCopy();
        String command = bridle + " hook claude-code --bundle " + bundle + " --agent " + r.agent();
        ObjectNode hooks = settings.putObject("hooks");
        for (String event : List.of("PreToolUse", "PostToolUse", "Stop")) {
            ObjectNode matcher = hooks.putArray(event).addObject();
            if (!event.equals("Stop")) {
                matcher.put("matcher", "*");
            }
            ObjectNode hook = matcher.putArray("hooks").addObject();
            hook.put("type", "command");
            hook.put("command", command);
            hook.put("timeout", HOOK_TIMEOUT_SECONDS);
        }
        List<String> expressed = new ArrayList<>(r.expressed());
        expressed.add("hooks: PreToolUse, PostToolUse and Stop run `" + command + "`: every rule, guard and"
                + " completion criterion of the harness is enforced by the hook, with the session kept in the run"
                + " store");
        return new Result(r.agent(), settings, expressed, r.widened(), r.notExpressed());
    }

    /** A hook call is one JVM start and a store open: seconds at most; past this Claude Code gives up on it. */
    static final int HOOK_TIMEOUT_SECONDS = 30;

    /** Exports the permissions of {@code agent} (Claude Code settings hold one agent's permissions). */
    public static Result export(Harness h, String agent) {
        Agent a = h.agents().get(agent);
        if (a == null) {
            throw new IllegalArgumentException("harness '" + h.name() + "' has no agent '" + agent + "' (it has "
                    + String.join(", ", h.agents().keySet()) + ")");
        }
        Out out = new Out(a);
        List<PermissionRule> mine = new ArrayList<>();
        for (PermissionRule r : h.permissions().rules()) {
            if (!r.agents().isEmpty() && !r.agents().contains(agent)) {
                out.missing.add(name(r) + ": applies to other agents " + r.agents() + "; this file is for '" + agent
                        + "'");
            } else {
                mine.add(r);
            }
        }
        for (PermissionRule r : mine) {
            if (r.effect() == Effect.ALLOW) {
                ClaudeRules.allow(r, mine, out);
            } else {
                ClaudeRules.restrict(r, out);
            }
        }
        notOffered(out);
        defaults(h, out);
        caveats(h, agent, out);
        ObjectNode settings = JSON.createObjectNode();
        ObjectNode permissions = settings.putObject("permissions");
        array(permissions.putArray("allow"), out.allow);
        array(permissions.putArray("ask"), out.ask);
        array(permissions.putArray("deny"), out.deny);
        out.mode.ifPresent(m -> permissions.put("defaultMode", m));
        // A rule over several tools (fs.*) can give the same line for each; it is said once.
        return new Result(agent, settings, List.copyOf(new LinkedHashSet<>(out.expressed)),
                List.copyOf(new LinkedHashSet<>(out.widened)), List.copyOf(new LinkedHashSet<>(out.missing)));
    }

    /** What the export has written and said so far. */
    static final class Out {
        final Agent agent;
        final Set<String> allow = new LinkedHashSet<>();
        final Set<String> ask = new LinkedHashSet<>();
        final Set<String> deny = new LinkedHashSet<>();
        final List<String> expressed = new ArrayList<>();
        final List<String> widened = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        /** The ask rules written, by the harness rule they come from: dontAsk turns each into a denial. */
        final List<String> asked = new ArrayList<>();
        Optional<String> mode = Optional.empty();
        /** Whether a deny or ask path pattern was written: each also covers the inside of a folder it matches. */
        boolean folderPatterns;

        Out(Agent agent) {
            this.agent = agent;
        }

        boolean offered(String tool) {
            return agent.tools().contains(tool);
        }

        Set<String> target(Effect effect) {
            return switch (effect) {
                case ALLOW -> allow;
                case ASK -> ask;
                case DENY -> deny;
            };
        }
    }

    /** The Bridle tools a rule's tool glob matches, in mapping order, then the agent's other tools. */
    static List<String> tools(PermissionRule r, Agent a) {
        List<String> all = new ArrayList<>(KNOWN);
        a.tools().stream().filter(t -> !all.contains(t)).forEach(all::add);
        if (r.tool().startsWith(SHELL + ":")) {
            return List.of();
        }
        ToolGlob glob = ToolGlob.of(r.tool());
        return all.stream().filter(glob::matches).toList();
    }

    /**
     * A tool the agent is not offered is refused by the harness whatever the rules say, so it is denied outright;
     * Claude Code's default mode would otherwise read without asking.
     */
    private static void notOffered(Out out) {
        String who = "agent '" + out.agent.id() + "'";
        if (!out.offered(READ) || !out.offered(LIST)) {
            // One Read rule governs reading and listing, and default mode reads without asking: deny both.
            out.deny.add("Read");
            out.expressed.add(who + " is not offered " + (out.offered(READ) ? LIST : READ) + " -> deny Read");
            if (out.offered(READ) || out.offered(LIST)) {
                out.widened.add(who + " is offered " + (out.offered(READ) ? READ : LIST) + " but not "
                        + (out.offered(READ) ? LIST : READ) + ": Read is denied, which stops reading (Read, Grep)"
                        + " and listing (Glob) alike");
            }
        }
        if (!out.offered(WRITE)) {
            out.deny.add("Edit");
            out.expressed.add(who + " is not offered fs.write -> deny Edit");
        }
        if (!out.offered(HTTP)) {
            out.deny.add("WebFetch");
            out.expressed.add(who + " is not offered http.get -> deny WebFetch");
        }
        if (!out.offered(SHELL)) {
            out.deny.add("Bash");
            out.expressed.add(who + " is not offered shell -> deny Bash");
        }
    }

    private static void defaults(Harness h, Out out) {
        switch (h.permissions().defaultEffect()) {
            case DENY -> {
                out.mode = Optional.of("dontAsk");
                out.expressed.add("permissions.default deny -> defaultMode dontAsk (tools not allowed above are"
                        + " refused without asking)");
                for (String line : out.asked) {
                    out.missing.add("dontAsk turns an ask into a denial: " + line + " is refused without asking;"
                            + " the harness would ask a human");
                }
            }
            case ASK -> {
                out.ask.add("Read");
                out.expressed.add("permissions.default ask -> Claude Code's default mode, which asks for edits,"
                        + " commands and fetches not listed, and ask Read");
                out.missing.add("default ask, caveat: Claude Code's default mode reads files without asking, so the"
                        + " export asks for every read (ask Read); since ask beats allow in Claude Code, the read"
                        + " allow rules above ask too");
                out.missing.add("default ask, caveat: answering \"yes, don't ask again\" in Claude Code keeps an"
                        + " allow (commands for the project, edits for the session), where the harness asks every"
                        + " time");
                out.missing.add("default ask, caveat: Read rules are applied to Grep and Glob on a best-effort basis"
                        + " only");
            }
            case ALLOW -> out.missing.add("permissions.default allow: Claude Code has no mode that allows everything"
                    + " yet keeps ask rules; bypassPermissions is not written, tools not listed will be asked for");
        }
    }

    private static void caveats(Harness h, String agent, Out out) {
        out.missing.add("the file's place: the patterns are anchored at the project root (`/path`), so the file must"
                + " be WORKSPACE/.claude/settings.json, with the workspace the harness's paths are relative to");
        out.missing.add("shell analysis: Claude Code matches a command by its prefix; the harness parses it and"
                + " refuses wrappers and programs that run others (`git -c alias.x=!cmd`, `find -exec`, `awk"
                + " system()`, `sed e`, `xargs`, interpreters), substitutions, redirections and path arguments"
                + " outside a rule's paths, and runs it in an OS sandbox. No Bash command is allowed by this file");
        out.missing.add("host checks: WebFetch(domain:H) matches the host name only; the harness also checks the"
                + " scheme and port, refuses userinfo and private or loopback addresses unless a rule names the"
                + " host, and checks every redirect again");
        out.missing.add("real-path checks (rule 'path-scope'): Claude Code matches the path as written; the runtime"
                + " refuses `../` and symlinks that leave the workspace, settings.json cannot");
        if (out.folderPatterns) {
            out.widened.add("every deny and ask pattern also covers everything inside a folder it matches, as in"
                    + " gitignore");
        }
        for (GuardSpec g : h.guards()) {
            out.missing.add("guard '" + g.id() + "' (" + guard(g) + "): settings.json has no guards; enforce it with"
                    + " the Bridle runtime (docs/runtime.md), for example from a PreToolUse hook");
        }
        for (Agent other : h.agents().values()) {
            if (other.limits().steps() > 0 || other.limits().turns() > 0 || other.limits().tokens() > 0) {
                out.missing.add("agents." + other.id() + ".limits: step, turn and token limits are guards; not"
                        + " expressible");
            }
            if (!other.id().equals(agent)) {
                out.missing.add("agent '" + other.id() + "': this file holds the permissions of '" + agent
                        + "' only; export it again with --agent " + other.id());
            }
        }
        if (!h.context().equals(ContextPolicy.UNMANAGED)) {
            out.missing.add("context (window " + h.context().window() + ", " + h.context().compaction().word()
                    + ", pins " + h.context().pin() + "): Claude Code compacts its context by its own rules");
        }
        if (!h.coordination().equals(Coordination.DEFAULT)) {
            out.missing.add("coordination (turns " + h.coordination().turns().word() + ", locks "
                    + h.coordination().locks().word() + "): Claude Code settings have no turn-taking or locks");
        }
        if (!h.onError().equals(ErrorPolicy.DEFAULT)) {
            out.missing.add("onError (retry " + h.onError().retry() + ", then " + h.onError().then().word()
                    + "): no error policy in settings.json");
        }
        long structural = h.workflow().nodes().values().stream()
                .filter(n -> !(n instanceof Node.AgentNode) && !(n instanceof Node.EndNode)).count();
        if (structural > 0) {
            out.missing.add("workflow: " + structural + " check, approval, checkpoint or parallel node(s); Claude"
                    + " Code runs one agent loop, not a workflow");
        }
    }

    /** Whether {@code program} can stand in a {@code Bash(PROGRAM:*)} rule as written. */
    static boolean plainProgram(String program) {
        return PROGRAM.matcher(program).matches();
    }

    /** The host as a {@code WebFetch(domain:…)} says it, or empty when it cannot be said exactly. */
    static Optional<String> domain(String host) {
        if (host.indexOf('*') >= 0 || host.indexOf('?') >= 0) {
            return Optional.empty();
        }
        return HostNames.canonical(host).filter(c -> HOST.matcher(c).matches());
    }

    static String name(PermissionRule r) {
        return "permission rule '" + r.id() + "' (" + describe(r) + ")";
    }

    /** The report: what went into settings.json, and every rule or guard that could not, with the reason. */
    public static String report(Harness h, Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Claude Code export of harness '").append(h.name()).append("' for agent '").append(r.agent())
                .append("'\n\nexpressed in settings.json (").append(r.expressed().size()).append("):\n");
        r.expressed().forEach(line -> sb.append("  - ").append(line).append('\n'));
        sb.append("\nwritten wider than the harness, the safe side (").append(r.widened().size()).append("):\n");
        r.widened().forEach(line -> sb.append("  - ").append(line).append('\n'));
        sb.append("\nnot expressible (").append(r.notExpressed().size()).append("):\n");
        r.notExpressed().forEach(line -> sb.append("  - ").append(line).append('\n'));
        return sb.toString();
    }

    private static void array(ArrayNode node, Set<String> rules) {
        rules.forEach(node::add);
    }

    private static String describe(PermissionRule r) {
        return r.effect().word() + " " + r.tool() + paths(r)
                + (r.hosts().isEmpty() ? "" : " hosts " + String.join(", ", r.hosts()));
    }

    static String paths(PermissionRule r) {
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
