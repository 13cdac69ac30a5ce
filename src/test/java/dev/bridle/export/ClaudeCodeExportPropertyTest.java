package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.AccessRequest;
import dev.bridle.access.PermissionCheck;
import dev.bridle.engine.PermissionGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

/**
 * For generated harnesses (rules of every effect with tools, paths, hosts, agents and conditions, every default) and
 * generated Claude Code calls: every call that the exported settings allow, as {@link ClaudeCodeModel} reads them, is
 * allowed by Bridle's own {@link PermissionCheck}, for a tool the agent is offered; and every exported file is valid
 * against Claude Code's settings schema.
 */
class ClaudeCodeExportPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOOLS = List.of("fs.read", "fs.list", "fs.write", "fs.delete", "http.get",
            "shell", "shell:git", "shell:rm", "fs.*", "*", "shell:ls*", "tests.run", "fs.re?d");
    private static final List<String> OFFERED = List.of("fs.read", "fs.list", "fs.write", "fs.delete", "http.get",
            "shell", "tests.run");
    private static final List<String> GLOBS = List.of("docs/**", "docs/*.md", "**/.env", "**/secrets/**", "src/**",
            "**", "docs/index.md", "a(b)/**", "x/**/y/**", "workspace/docs/**", "./src/**", "[ab]/**", "sp ace/**",
            "docs/drafts/**", "*", "d*s/**", "docs/?.md", "docs/a**b/**");
    private static final List<String> HOSTS = List.of("docs.example.com", "*.example.com", "Example.ORG",
            "127.0.0.1", "[::1]", "docs.example.com:8443");
    private static final List<String> CONDITIONS = List.of("tool.args.path.endsWith('.lock')", "agent == 'a'",
            "tool.name == 'fs.read'");
    private static final List<String> SEGMENTS = List.of("docs", "src", "secrets", ".env", "index.md", "a.md",
            "x.lock", "a(b)", "[ab]", "sp ace", "..", "drafts", "x", "y", "dos", "a", "aXb");
    private static final List<String> COMMANDS = List.of("git status", "rm -rf docs", "ls docs", "cat docs/a.md",
            "git -c alias.x=!sh x", "ls/../../bin/sh", "/bin/rm x", "cat .env", "echo hi > docs/a.md");
    private static final List<String> URL_HOSTS = List.of("docs.example.com", "DOCS.example.com", "api.example.com",
            "example.org", "127.0.0.1", "evil.test", "[::1]");

    record Rule(Effect effect, String tool, List<String> agents, List<String> paths, List<String> hosts,
            Optional<String> when) {}

    record Spec(Effect defaultEffect, List<String> offered, List<Rule> rules) {}

    @Property(tries = 400)
    void everyCallTheExportAllowsIsAllowedByTheHarness(@ForAll("harnesses") Spec spec,
            @ForAll("calls") List<ClaudeCodeModel.Call> calls) throws Exception {
        Harness h;
        try {
            h = HarnessReader.parse("generated.harness.yaml", yaml(spec)).harness();
        } catch (DocumentException e) {
            Assume.that(false);
            return;
        }
        ClaudeCodeExport.Result export = ClaudeCodeExport.export(h, "a");
        String settings = export.settingsJson();
        assertThat(ClaudeCodeSchema.problems(settings)).as(settings).isEmpty();
        ClaudeCodeModel claude = new ClaudeCodeModel(JSON.readTree(settings));
        PermissionCheck bridle = PermissionGate.of(h, Optional.empty()).rules();
        List<ClaudeCodeModel.Call> all = new ArrayList<>(calls);
        all.addAll(derived(spec));
        for (ClaudeCodeModel.Call call : all) {
            ClaudeCodeModel.Verdict verdict = claude.decide(call);
            // The statistics show that allows, by rule and by default mode, are exercised, not only refusals.
            Statistics.label("Claude Code's verdict").collect(verdict, settings.contains("\"allow\" : [ ]")
                    ? "no allow rule" : "allow rules");
            if (verdict != ClaudeCodeModel.Verdict.ALLOW) {
                continue;
            }
            for (ToolCall t : bridleCalls(call)) {
                assertThat(spec.offered()).as("%s is allowed by %s, but agent a is not offered %s", call, settings,
                        t.tool()).contains(t.tool());
                assertThat(bridle.check(AccessRequest.fromCall("a", t)).effect())
                        .as("%s is allowed by\n%s\nbut Bridle decides %s by\n%s", call, settings,
                                bridle.check(AccessRequest.fromCall("a", t)), yaml(spec))
                        .isEqualTo(Effect.ALLOW);
            }
        }
    }

    /**
     * Calls aimed at the rules' own globs: a path each glob matches, the same path with a segment more (a folder of
     * that name) and its folder, for every file tool; a URL for every host named.
     */
    private static List<ClaudeCodeModel.Call> derived(Spec spec) {
        List<ClaudeCodeModel.Call> out = new ArrayList<>();
        for (Rule r : spec.rules()) {
            for (String glob : r.paths()) {
                String p = glob.replace("**", "x/y").replace("*", "a").replace("?", "b");
                for (String path : List.of(p, p + "/inner", p.contains("/") ? p.substring(0, p.lastIndexOf('/'))
                        : p)) {
                    for (String tool : List.of("Read", "Glob", "Edit", "Write")) {
                        out.add(new ClaudeCodeModel.Call(tool, path));
                    }
                }
            }
            for (String host : r.hosts()) {
                out.add(new ClaudeCodeModel.Call("WebFetch", "https://" + host.replace("*", "a") + "/x"));
                out.add(new ClaudeCodeModel.Call("WebFetch", "http://" + host.replace("*", "a") + ":8080/x"));
            }
        }
        return out;
    }

    /** What Bridle must allow for the Claude Code call to be allowed. */
    private static List<ToolCall> bridleCalls(ClaudeCodeModel.Call call) throws Exception {
        String arg = call.argument();
        return switch (call.tool()) {
            case "Read", "Grep", "Glob" -> List.of(new ToolCall("fs.read", json(Map.of("path", arg))),
                    new ToolCall("fs.list", json(Map.of("path", arg))));
            case "Edit", "Write" -> List.of(new ToolCall("fs.write", json(Map.of("path", arg))));
            case "WebFetch" -> List.of(new ToolCall("http.get", json(Map.of("url", arg))));
            case "Bash" -> List.of(new ToolCall("shell", json(Map.of("command", arg))));
            default -> throw new IllegalArgumentException(call.tool());
        };
    }

    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    static String yaml(Spec spec) throws Exception {
        StringBuilder sb = new StringBuilder("""
                bridle: 1
                name: generated
                agents:
                """);
        sb.append("  a: { tools: ").append(json(spec.offered())).append(" }\n");
        sb.append("  b: { tools: [\"fs.read\"] }\n");
        sb.append("""
                workflow:
                  start: n
                  nodes:
                    n: { agent: a, next: done }
                    done: { end: completed }
                permissions:
                """);
        sb.append("  default: ").append(spec.defaultEffect().word()).append('\n');
        sb.append("  rules:\n");
        int i = 0;
        for (Rule r : spec.rules()) {
            sb.append("    - { id: r").append(i++).append(", ").append(r.effect().word()).append(": ")
                    .append(json(r.tool()));
            if (!r.agents().isEmpty()) {
                sb.append(", agents: ").append(json(r.agents()));
            }
            if (!r.paths().isEmpty()) {
                sb.append(", paths: ").append(json(r.paths()));
            }
            if (!r.hosts().isEmpty()) {
                sb.append(", hosts: ").append(json(r.hosts()));
            }
            if (r.when().isPresent()) {
                sb.append(", when: ").append(json(r.when().get()));
            }
            sb.append(" }\n");
        }
        if (spec.rules().isEmpty()) {
            sb.setLength(sb.length() - "  rules:\n".length());
        }
        return sb.toString();
    }

    @Provide
    Arbitrary<Spec> harnesses() {
        // Biased towards what makes allows: every tool offered, allow rules, rules for agent a, no condition.
        Arbitrary<Effect> effect = Arbitraries.frequency(Tuple.of(5, Effect.ALLOW), Tuple.of(2, Effect.ASK),
                Tuple.of(3, Effect.DENY));
        Arbitrary<String> tool = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("fs.*", "*", "fs.read", "fs.list",
                "fs.write", "http.get")), Tuple.of(1, Arbitraries.of(TOOLS)));
        Arbitrary<List<String>> agents = Arbitraries.frequency(Tuple.of(6, List.<String>of()), Tuple.of(2, List.of("a")),
                Tuple.of(1, List.of("b")));
        Arbitrary<Rule> rule = Combinators.combine(effect, tool, agents,
                Arbitraries.of(GLOBS).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(HOSTS).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(CONDITIONS).optional(0.15))
                .as(Rule::new)
                // a rule with both hosts and paths matches no call of these tools; keep them rare
                .filter(r -> r.hosts().isEmpty() || r.paths().isEmpty() || r.tool().equals("*"));
        Arbitrary<List<String>> offered = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(OFFERED)),
                Tuple.of(1, Arbitraries.of(OFFERED).list().ofMinSize(1).ofMaxSize(OFFERED.size()).uniqueElements()));
        return Combinators.combine(Arbitraries.of(Effect.values()), offered, rule.list().ofMaxSize(6))
                .as(Spec::new);
    }

    @Provide
    Arbitrary<List<ClaudeCodeModel.Call>> calls() {
        Arbitrary<String> path = Combinators.combine(
                Arbitraries.frequency(Tuple.of(4, "docs"), Tuple.of(2, "src"), Tuple.of(3, "")),
                Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(3))
                .as((first, rest) -> (first.isEmpty() ? "" : first + "/") + String.join("/", rest));
        Arbitrary<ClaudeCodeModel.Call> file = Combinators.combine(
                Arbitraries.of("Read", "Grep", "Glob", "Edit", "Write"), path).as(ClaudeCodeModel.Call::new);
        Arbitrary<String> url = Combinators.combine(Arbitraries.of("http", "https"), Arbitraries.of(URL_HOSTS),
                Arbitraries.of("", ":8443", ":80"), Arbitraries.of("/", "/x", "/docs?q=1"))
                .as((s, h, p, rest) -> s + "://" + h + p + rest);
        Arbitrary<ClaudeCodeModel.Call> fetch = url.map(u -> new ClaudeCodeModel.Call("WebFetch", u));
        Arbitrary<ClaudeCodeModel.Call> bash = Arbitraries.of(COMMANDS).map(c -> new ClaudeCodeModel.Call("Bash", c));
        return Arbitraries.frequencyOf(
                        Tuple.of(6, file), Tuple.of(2, fetch),
                        Tuple.of(1, bash))
                .list().ofMinSize(10).ofMaxSize(30);
    }

    @Property(tries = 1)
    void theModelReadsGitignoreTheWideWay() {
        // A folder matched covers everything inside it; a trailing /** not the folder itself.
        assertThat(ClaudeCodeModel.matches("Read(/docs/index.md)", new ClaudeCodeModel.Call("Read",
                "docs/index.md/x"))).isTrue();
        assertThat(ClaudeCodeModel.matches("Read(/docs/**)", new ClaudeCodeModel.Call("Grep", "docs"))).isFalse();
        assertThat(ClaudeCodeModel.matches("Read(/docs/**)", new ClaudeCodeModel.Call("Glob", "docs/a/b"))).isTrue();
        assertThat(ClaudeCodeModel.matches("Edit(/**/secrets)", new ClaudeCodeModel.Call("Write", "a/secrets/k")))
                .isTrue();
        assertThat(ClaudeCodeModel.matches("Read", new ClaudeCodeModel.Call("Read", "../../etc/passwd"))).isTrue();
        assertThat(ClaudeCodeModel.matches("Read(/**)", new ClaudeCodeModel.Call("Read", "../../etc/passwd")))
                .isFalse();
    }
}
