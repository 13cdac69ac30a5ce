package dev.bridle.export;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.ToolGlob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One Bridle permission rule as Claude Code rules: an allow only where Claude Code would allow nothing the rule does
 * not, a deny or ask at least as wide as the rule (see {@link ClaudeCodeExport}).
 *
 * <p>How a Claude Code call meets the harness: {@code Read}, {@code Grep} and {@code Glob} of a path read and list it
 * ({@code fs.read} and {@code fs.list}, both: one {@code Read} rule governs all three); {@code Edit} and {@code Write}
 * are {@code fs.write}; {@code WebFetch} of a URL is {@code http.get} with that {@code url}; {@code Bash} is
 * {@code shell} with that {@code command}. A call of one of them names no other resource, so a rule's paths never
 * match a {@code WebFetch} or its hosts a {@code Read}.
 */
final class ClaudeRules {

    // The Bridle tools the mapping knows, named once in ClaudeCodeExport.
    private static final String READ = ClaudeCodeExport.READ;
    private static final String LIST = ClaudeCodeExport.LIST;
    private static final String WRITE = ClaudeCodeExport.WRITE;
    private static final String DELETE = ClaudeCodeExport.DELETE;
    private static final String HTTP = ClaudeCodeExport.HTTP;
    private static final String SHELL = ClaudeCodeExport.SHELL;
    private static final String EVERYTHING = "**";

    private ClaudeRules() {}

    /** An allow rule: written only where it cannot grant more than the harness. */
    static void allow(PermissionRule r, List<PermissionRule> rules, ClaudeCodeExport.Out out) {
        String name = ClaudeCodeExport.name(r);
        if (r.when() != null) {
            out.missing.add(name + ": its condition `" + r.when() + "` is CEL over the call's arguments; Claude Code"
                    + " rules match a tool and a path, domain or command prefix only, so the allow is left out");
            return;
        }
        if (r.tool().startsWith(SHELL + ":")) {
            out.missing.add(name + ": no Bash command is allowed: a Bash rule matches a command prefix, which"
                    + " would allow what the harness's shell analysis refuses (`" + r.tool().substring(6)
                    + " ...` followed by `;`, `$(…)`, an alias or an -exec)");
            return;
        }
        Set<String> written = new LinkedHashSet<>();
        for (String tool : ClaudeCodeExport.tools(r, out.agent)) {
            if (!out.offered(tool)) {
                if (r.tool().equals(tool)) {
                    out.missing.add(name + ": agent '" + out.agent.id() + "' is not offered " + tool
                            + ", so the harness refuses it whatever the rule says");
                }
                continue;
            }
            switch (tool) {
                case READ, LIST -> {
                    // One Read rule governs reading (Read, Grep) and listing (Glob): both must be allowed there.
                    String other = tool.equals(READ) ? LIST : READ;
                    if (r.hosts().isEmpty()) {
                        files(r, "Read", globs(r), written, out,
                                g -> covers(rules, other, g) && out.offered(other) ? null
                                        : "Claude Code's Read rule covers reading (Read, Grep) and listing (Glob)"
                                                + " alike, and the harness does not allow " + other + " on " + g);
                    }
                }
                case WRITE -> {
                    if (r.hosts().isEmpty()) {
                        files(r, "Edit", globs(r), written, out, g -> null);
                    }
                }
                case DELETE -> out.missing.add(name + ": Claude Code has no delete tool; files are deleted through"
                        + " Bash (`rm`), and no Bash command is allowed by this file");
                case HTTP -> {
                    if (!r.paths().isEmpty()) {
                        continue;
                    }
                    if (r.hosts().isEmpty()) {
                        out.missing.add(name + ": a bare WebFetch allow would reach every host, private and loopback"
                                + " addresses included, which the harness refuses unless a rule names them");
                    }
                    for (String host : r.hosts()) {
                        // WebFetch(domain:H) matches the host name on every port and lets Claude Code reach it
                        // whatever it resolves to; the harness allows one port and refuses private addresses unless
                        // named, so any WebFetch allow would grant more than the harness.
                        out.missing.add(name + ": host '" + host + "' is not allowed as WebFetch(domain:…): Claude"
                                + " Code matches the domain on every port and does not check where it resolves, while"
                                + " the harness allows one port and refuses private and loopback addresses unless a"
                                + " rule names them");
                    }
                }
                case SHELL -> out.missing.add(name + ": no Bash command is allowed: a Bash rule matches a command"
                        + " prefix, which would allow what the harness's shell analysis refuses");
                default -> out.missing.add(name + ": Claude Code has no tool for '" + tool + "' (an MCP tool would be"
                        + " named mcp__SERVER__TOOL)");
            }
        }
        record(r, written, out);
    }

    /** A deny or ask rule: written at least as wide as the harness's rule. */
    static void restrict(PermissionRule r, ClaudeCodeExport.Out out) {
        String name = ClaudeCodeExport.name(r);
        Set<String> written = new LinkedHashSet<>();
        List<String> wider = new ArrayList<>();
        if (r.when() != null) {
            wider.add("its condition `" + r.when() + "` cannot be said, so it applies to every matching call");
        }
        if (r.tool().startsWith(SHELL + ":")) {
            String program = r.tool().substring(SHELL.length() + 1);
            if (ClaudeCodeExport.plainProgram(program) && r.paths().isEmpty()) {
                written.add("Bash(" + program + ":*)");
                out.missing.add(name + ": Bash(" + program + ":*) matches commands that start with `" + program
                        + "`; `/bin/" + program + "` or `command " + program + "` do not match it, but no Bash"
                        + " command is allowed by this file, so they are asked for or refused all the same");
            } else {
                written.add("Bash");
                wider.add(r.paths().isEmpty() ? "a program glob has no Bash prefix rule, so the rule covers every Bash"
                        + " command" : "Bash rules cannot check the paths a command names, so the rule covers every"
                        + " Bash command");
            }
        }
        for (String tool : ClaudeCodeExport.tools(r, out.agent)) {
            switch (tool) {
                case READ, LIST -> {
                    if (r.hosts().isEmpty()) {
                        restrictFiles(r, "Read", written, wider, out);
                        if (tool.equals(LIST) && !ToolGlob.of(r.tool()).matches(READ)) {
                            wider.add("Claude Code's Read governs reading as well as listing");
                        }
                    }
                }
                case WRITE -> {
                    if (r.hosts().isEmpty()) {
                        restrictFiles(r, "Edit", written, wider, out);
                    }
                }
                case DELETE -> out.missing.add(name + ": Claude Code has no delete tool; files are deleted through"
                        + " Bash (`rm`), and a Bash rule matches a command prefix, not a path glob, so "
                        + r.effect().word() + " on fs.delete" + ClaudeCodeExport.paths(r) + " cannot be said");
                case HTTP -> {
                    if (!r.paths().isEmpty()) {
                        continue;
                    }
                    if (r.hosts().isEmpty()) {
                        written.add("WebFetch");
                    }
                    for (String host : r.hosts()) {
                        Optional<String> domain = ClaudeCodeExport.domain(host);
                        if (domain.isPresent()) {
                            written.add("WebFetch(domain:" + domain.get() + ")");
                        } else {
                            written.add("WebFetch");
                            wider.add("host '" + host + "' has no exact WebFetch domain rule, so the rule covers every WebFetch");
                        }
                    }
                }
                case SHELL -> {
                    if (!r.hosts().isEmpty()) {
                        continue;
                    }
                    written.add("Bash");
                    if (!r.paths().isEmpty()) {
                        wider.add("Bash rules cannot check the paths a command names, so the rule covers every Bash command");
                    }
                }
                default -> out.missing.add(name + ": Claude Code has no tool for '" + tool + "' (an MCP tool would be"
                        + " named mcp__SERVER__TOOL)");
            }
        }
        if (!wider.isEmpty() && !written.isEmpty()) {
            out.widened.add(name + " -> " + r.effect().word() + " " + String.join(", ", written) + ": "
                    + String.join("; ", new LinkedHashSet<>(wider)));
        }
        if (r.effect() == Effect.ASK && !written.isEmpty()) {
            out.asked.add("rule '" + r.id() + "' (ask " + String.join(", ", written) + ")");
        }
        record(r, written, out);
    }

    private static void restrictFiles(PermissionRule r, String claudeTool, Set<String> written, List<String> wider,
            ClaudeCodeExport.Out out) {
        if (r.paths().isEmpty()) {
            written.add(claudeTool);
            return;
        }
        for (String glob : r.paths()) {
            switch (ClaudePathPattern.forDenyOrAsk(glob)) {
                case ClaudePathPattern.Pattern p -> {
                    written.add(claudeTool + "(" + p.text() + ")");
                    out.folderPatterns = true;
                }
                case ClaudePathPattern.Everything e -> {
                    written.add(claudeTool);
                    wider.add("'" + glob + "' covers the whole workspace, and bare " + claudeTool
                            + " covers files outside it too");
                }
                case ClaudePathPattern.Never n -> { }
                case ClaudePathPattern.Refused why -> {
                    written.add(claudeTool);
                    wider.add("'" + glob + "' cannot be said (" + why.why() + "), so the rule covers every " + claudeTool);
                }
            }
        }
    }

    /** Allow rules for the rule's globs that pass {@code objection} (which names why not, or is null). */
    private static void files(PermissionRule r, String claudeTool, List<String> globs, Set<String> written,
            ClaudeCodeExport.Out out, Function<String, String> objection) {
        String name = ClaudeCodeExport.name(r);
        for (String glob : globs) {
            String why = objection.apply(glob);
            if (why != null) {
                out.missing.add(name + ": " + claudeTool + " for " + glob + " is left out: " + why);
                continue;
            }
            switch (ClaudePathPattern.forAllow(glob)) {
                case ClaudePathPattern.Pattern p -> written.add(claudeTool + "(" + p.text() + ")");
                case ClaudePathPattern.Refused refused -> out.missing.add(name + ": " + claudeTool + " for " + glob
                        + " is left out: " + refused.why());
                case ClaudePathPattern.Never never -> { }
                case ClaudePathPattern.Everything e -> out.missing.add(name + ": " + claudeTool + " for " + glob
                        + " is left out: a bare " + claudeTool + " would reach files outside the workspace");
            }
        }
    }

    /** The rule's path globs; no paths means every workspace path. */
    private static List<String> globs(PermissionRule r) {
        return r.paths().isEmpty() ? List.of(EVERYTHING) : r.paths();
    }

    /**
     * Whether an unconditional allow rule lets {@code tool} reach every path {@code glob} matches: a rule without
     * paths, or one that names the same glob.
     */
    private static boolean covers(List<PermissionRule> rules, String tool, String glob) {
        for (PermissionRule r : rules) {
            if (r.effect() == Effect.ALLOW && r.when() == null && r.hosts().isEmpty()
                    && !r.tool().startsWith(SHELL + ":") && ToolGlob.of(r.tool()).matches(tool)
                    && (r.paths().isEmpty() || r.paths().contains(glob))) {
                return true;
            }
        }
        return false;
    }

    private static void record(PermissionRule r, Set<String> written, ClaudeCodeExport.Out out) {
        if (!written.isEmpty()) {
            out.target(r.effect()).addAll(written);
            out.expressed.add(ClaudeCodeExport.name(r) + " -> " + r.effect().word() + " "
                    + String.join(", ", written));
        }
    }
}
