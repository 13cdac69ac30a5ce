package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.access.Decision;
import dev.bridle.access.Explanation;
import dev.bridle.access.Glob;
import dev.bridle.access.HostCheck;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ToolDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The matrix against the engine: for random calls (agent, tool, path, host, command) on every sample harness, the
 * "try a call" decision is the decision of the gate a run uses, for the call a model would make; and the cell's
 * chips, read as a person reads them (the strongest rule whose paths and hosts cover the call, else the default), say
 * what the gate decides.
 */
class PermissionMatrixPropertyTest {

    private static final List<Harness> SAMPLES = samples();
    private static final List<String> PATHS = List.of("", "docs/guide.md", "docs/drafts/old.md", "docs/secrets/key",
            "docs/.env", ".env", "src/Main.java", "workspace/src/a.txt", "notes/todo.md", "docs/../.env",
            "../outside.txt", "/etc/passwd", "docs", "README.md", "tests/test_app.py", "build.lock", "a/b/c/d.txt");
    private static final List<String> HOSTS = List.of("", "docs.example.com", "evil.example.org", "127.0.0.1",
            "api.github.com", "localhost", "https://docs.example.com/page", "DOCS.EXAMPLE.COM", "x.internal");
    private static final List<String> COMMANDS = List.of("", "ls docs", "ls", "cat docs/guide.md", "rm -rf /",
            "git status", "pytest", "ls ../", "echo hi > docs/x.md", "npm test");
    private static final Set<String> REFUSALS = Set.of(Decision.PATH_SCOPE, Decision.HOST_NAME, Decision.SHELL,
            Decision.TOOL_ARGUMENTS, HostCheck.RULE, PermissionGate.AGENT_TOOLS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Harness> samples() {
        try (Stream<Path> files = Files.list(Path.of("sample-policies"))) {
            List<Harness> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".harness.yaml")).sorted().toList()) {
                out.add(HarnessReader.read(f).harness());
            }
            return out;
        } catch (IOException | dev.bridle.policy.DocumentException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 2000)
    void theMatrixAndTheTryBoxSayWhatTheGateDecides(
            @ForAll @IntRange(min = 0, max = 1000) int sample, @ForAll @IntRange(min = 0, max = 1000) int agentAt,
            @ForAll @IntRange(min = 0, max = 1000) int toolAt, @ForAll @IntRange(min = 0, max = 1000) int pathAt,
            @ForAll @IntRange(min = 0, max = 1000) int hostAt, @ForAll @IntRange(min = 0, max = 1000) int commandAt)
            throws Exception {
        Harness h = SAMPLES.get(sample % SAMPLES.size());
        PermissionMatrix matrix = new PermissionMatrix(h);
        List<String> tools = new ArrayList<>(matrix.tools());
        tools.add("unknown.tool");
        String agent = matrix.agents().get(agentAt % matrix.agents().size());
        String tool = tools.get(toolAt % tools.size());
        String path = PATHS.get(pathAt % PATHS.size());
        String host = HOSTS.get(hostAt % HOSTS.size());
        String command = COMMANDS.get(commandAt % COMMANDS.size());
        PermissionGate gate = PermissionGate.of(h, Optional.empty());
        ToolCall call = modelCall(h, tool, path, host, command);

        PermissionMatrix.Tried tried = matrix.tryCall(new PermissionMatrix.TryCall(agent, tool, path, host, command));
        ToolGate.Decision decided = gate.check(agent, call);
        assertThat(tried.decision()).isEqualTo(decided);
        assertThat(tried.explanation().render()).isEqualTo(gate.explain(agent, call).render());

        PermissionMatrix.Cell cell = matrix.cell(agent, tool);
        if (!cell.offered()) {
            assertThat(decided.effect()).isEqualTo(Effect.DENY);
            assertThat(decided.rule()).isEqualTo(PermissionGate.AGENT_TOOLS);
            return;
        }
        if (REFUSALS.contains(decided.rule())) {
            return; // refused before or beside the rules, whatever the cell's rules say
        }
        if (decided.rule().equals(Decision.DEFAULT)) {
            assertThat(decided.effect()).isEqualTo(cell.otherwise());
        } else {
            assertThat(cell.grants()).anySatisfy(g -> {
                assertThat(g.rule()).isEqualTo(decided.rule());
                assertThat(g.effect()).isEqualTo(decided.effect());
            });
        }
        Explanation x = gate.explain(agent, call);
        boolean byName = cell.grants().stream().allMatch(g -> g.program().isEmpty() && g.when().isEmpty());
        if (byName && x.request().command().isEmpty()) {
            assertThat(decided.effect()).as("what the chips of %s × %s say for %s", agent, tool, call.args())
                    .isEqualTo(readChips(cell, x.path(), x.host()));
        }
    }

    /** The call a model makes: the resource in the argument the tool is declared to touch, nothing else. */
    private static ToolCall modelCall(Harness h, String tool, String path, String host, String command) {
        ObjectNode args = JSON.createObjectNode();
        Optional<ToolDeclaration> d = h.tools().find(tool);
        if (d.isPresent()) {
            String name = d.get().argument();
            switch (d.get().touch()) {
                case READS, WRITES -> {
                    if (!path.isEmpty()) {
                        args.put(name, path);
                    }
                }
                case FETCHES -> {
                    if (!host.isEmpty()) {
                        args.put(name, host.contains("://") ? host : "https://" + host + "/");
                    }
                }
                case RUNS -> {
                    if (!command.isEmpty()) {
                        args.put(name, command);
                    }
                }
                case NOTHING -> {
                    // matched by name only
                }
            }
        }
        return new ToolCall(tool, args.toString());
    }

    /** The strongest chip whose paths and hosts cover the call (deny over ask over allow), else the default. */
    private static Effect readChips(PermissionMatrix.Cell cell, String path, String host) {
        Effect best = null;
        for (PermissionMatrix.Grant g : cell.grants()) {
            boolean paths = g.paths().isEmpty()
                    || (!path.isEmpty() && g.paths().stream().anyMatch(p -> Glob.path(p).matches(path)));
            boolean hosts = g.hosts().isEmpty()
                    || (!host.isEmpty() && g.hosts().stream().anyMatch(p -> Glob.host(p).matches(host)));
            if (paths && hosts && (best == null || g.effect().compareTo(best) > 0)) {
                best = g.effect();
            }
        }
        return best == null ? cell.otherwise() : best;
    }
}
