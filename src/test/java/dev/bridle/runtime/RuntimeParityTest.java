package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.context.Summarizer;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Agent;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Scenario;
import dev.bridle.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity: for every sample scenario, the decisions the embeddable runtime takes when it is fed the engine's recorded
 * model replies and tool results are the engine's decisions, event for event: the same kind, step, agent, node,
 * rule and effect (the event's whole summary, which carries the effect, the resource and the guard's detail).
 */
class RuntimeParityTest {

    private static final Set<String> DECISIONS = Set.of("permission.checked", "guard.triggered", "lock.acquired",
            "lock.refused", "context.compacted", "approval.requested", "approval.answered", "tool.completed",
            "run.ended");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> theRuntimeDecidesAsTheEngineForEverySampleScenario() {
        List<Path> scenarios = Samples.scenarios();
        assertThat(scenarios).as("every sample scenario (17 in seven samples)").hasSizeGreaterThanOrEqualTo(17);
        return scenarios.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
            ScenarioRunner.Report report = new ScenarioRunner(Optional.empty(), clock, () -> "run")
                    .run(file, e -> {});
            Harness harness = report.harness().harness();
            Scenario scenario = report.scenario().scenario();

            List<RunEvent> runtimeEvents = new ArrayList<>();
            RunOptions options = RunOptions.defaults().withClock(clock).withEvents(runtimeEvents::add)
                    .withSummarizer(summaries(scenario));
            if (scenario.workspace().isPresent()) {
                options = options.withWorkspace(workspace(scenario.workspace().get(), temp.resolve(name(file))));
            }
            RuntimeRun run = BridleRuntime.of(harness).startRun(options);
            EngineReplay replay = new EngineReplay(harness, scenario, run);
            replay.replay(report.events());

            Set<String> guards = guardIds(harness);
            assertThat(decisions(runtimeEvents, guards)).as("decisions of %s", name(file))
                    .containsExactlyElementsOf(decisions(report.events(), guards));
            assertThat(replay.modelCalls).as("context tokens before each model call of %s", name(file))
                    .containsExactlyElementsOf(report.events().stream()
                            .filter(e -> e instanceof RunEvent.ModelRequested m
                                    && harness.workflow().nodes().get(m.node()) instanceof Node.AgentNode)
                            .map(e -> e.agent() + ":" + ((RunEvent.ModelRequested) e).contextTokens())
                            .toList());
            boolean endedByGuard = report.result().rule() != null && guards.contains(report.result().rule());
            assertThat(run.ended().isPresent()).as("the runtime ends %s exactly when a guard ends the engine's run",
                    name(file)).isEqualTo(endedByGuard);
            if (endedByGuard) {
                assertThat(run.steps()).isEqualTo(report.result().steps());
            }
        }));
    }

    /**
     * The events that record decisions the runtime takes, without sequence numbers and times. Questions and ends that
     * belong to the workflow (check nodes, approval nodes, end nodes) are the engine's alone.
     */
    private static List<String> decisions(List<RunEvent> events, Set<String> guards) {
        List<String> out = new ArrayList<>();
        for (RunEvent e : events) {
            if (!DECISIONS.contains(e.kind())) {
                continue;
            }
            String rule = switch (e) {
                case RunEvent.ApprovalRequested a -> a.rule();
                case RunEvent.ApprovalAnswered a -> a.rule();
                default -> e.rule();
            };
            boolean workflow = rule != null && (rule.startsWith("workflow.") || rule.equals("onError"));
            if ((e.kind().startsWith("approval.") && (e.agent() == null || workflow))
                    || (e instanceof RunEvent.RunEnded && (rule == null || !guards.contains(rule)))) {
                continue;
            }
            out.add(String.format("step=%d %s node=%s agent=%s rule=%s | %s", e.step(), e.kind(), e.node(),
                    e.agent(), rule, e.summary()));
        }
        return out;
    }

    private static Set<String> guardIds(Harness h) {
        Set<String> ids = new HashSet<>();
        h.guards().stream().map(GuardSpec::id).forEach(ids::add);
        for (Agent a : h.agents().values()) {
            for (String kind : List.of("steps", "turns", "tokens")) {
                ids.add("agents." + a.id() + ".limits." + kind);
            }
        }
        // The window's limit is decided before a model call, in the runtime as in the engine.
        ids.add("context.window");
        return ids;
    }

    private static Summarizer summaries(Scenario s) {
        Deque<String> left = new ArrayDeque<>(s.script().summaries());
        return (agent, messages) -> {
            String next = left.pollFirst();
            if (next == null) {
                throw new Summarizer.SummaryException("the script has no more summaries");
            }
            return next;
        };
    }

    /** The scenario's workspace laid out as the scenario runner lays it out: files, links, and what is outside. */
    private static Path workspace(Scenario.Workspace spec, Path root) throws IOException {
        Path ws = root.resolve("workspace");
        Files.createDirectories(ws);
        write(ws, spec.files());
        write(root.resolve("outside"), spec.outside());
        for (Map.Entry<String, String> link : spec.links().entrySet()) {
            Path at = ws.resolve(link.getKey());
            Files.createDirectories(at.getParent());
            Files.createSymbolicLink(at, Path.of(link.getValue()));
        }
        return ws;
    }

    private static void write(Path base, Map<String, String> files) throws IOException {
        Files.createDirectories(base);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = base.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }

    private static String name(Path scenario) {
        return Samples.FOLDER.relativize(scenario).toString().replace(".scenario.yaml", "");
    }
}
