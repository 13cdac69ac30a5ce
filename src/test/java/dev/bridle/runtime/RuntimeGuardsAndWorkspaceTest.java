package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime records every guard that triggers on a step, as the engine does, and its checkpoints keep files. */
class RuntimeGuardsAndWorkspaceTest {

    @TempDir
    Path dir;

    private static final String HARNESS = """
            bridle: 1
            name: t
            agents:
              a: { system: works, tools: [t.do] }
            permissions: { default: allow }
            workflow:
              start: work
              nodes:
                work: { agent: a, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: 2 } }
              - { id: turns, steps: { max: 2 } }
            """;

    @Test
    void twoGuardsReachingTheirLimitOnOneStepAreBothRecordedAsInTheEngine() throws Exception {
        Path h = dir.resolve("t.harness.yaml");
        Files.writeString(h, HARNESS);
        Path s = dir.resolve("s.scenario.yaml");
        Files.writeString(s, "bridle: 1\nharness: t.harness.yaml\nmodel:\n  turns:\n"
                + "    - calls: [{ tool: t.do, args: {} }]\n  repeat: last\ntools:\n  t.do: { result: ok }\n");
        List<RunEvent> engine = new ArrayList<>();
        new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "r")
                .run(HarnessReader.read(h), ScenarioReader.read(s), engine::add);

        List<RunEvent> runtime = new ArrayList<>();
        RuntimeRun run = BridleRuntime.of(HarnessReader.read(h).harness())
                .startRun(RunOptions.defaults().withEvents(runtime::add));
        Decision last;
        try (Session session = run.session("a")) {
            while (true) {
                last = session.beforeModelCall(10);
                if (!last.proceeds()) {
                    break;
                }
                assertThat(session.beforeToolCall("t.do", "{}").proceeds()).isTrue();
                last = session.afterStep(new StepReport(10, 5, "", List.of(ToolOutcome.ok("t.do", "{}", "ok")),
                        Map.of()));
                if (!last.proceeds()) {
                    break;
                }
            }
        }

        assertThat(guards(runtime)).containsExactlyElementsOf(guards(engine))
                .extracting(g -> g.guard()).containsExactly("budget", "turns");
        assertThat(last).isInstanceOf(Decision.Stop.class).extracting(Decision::rule).isEqualTo("budget");
    }

    private static List<RunEvent.GuardTriggered> guards(List<RunEvent> events) {
        // Sequence numbers and clocks differ between the two; what was decided, by which guard, at which step must not.
        return events.stream().filter(e -> e instanceof RunEvent.GuardTriggered)
                .map(e -> (RunEvent.GuardTriggered) e)
                .map(g -> new RunEvent.GuardTriggered(0, Instant.EPOCH, g.step(), g.node(), g.agent(), g.guard(),
                        g.verdict(), g.detail()))
                .toList();
    }

    @Test
    void aRollbackInTheRuntimeGivesTheWorkspaceBackByteForByte() throws Exception {
        Path h = dir.resolve("t.harness.yaml");
        Files.writeString(h, HARNESS);
        Path ws = Files.createDirectories(dir.resolve("ws"));
        byte[] original = {0, 1, 2, (byte) 0xff, '\n', 'a'};
        Files.write(ws.resolve("report.bin"), original);
        List<RunEvent> events = new ArrayList<>();
        try (RuntimeRun run = BridleRuntime.of(HarnessReader.read(h).harness())
                .startRun(RunOptions.defaults().withWorkspace(ws).withEvents(events::add))) {
            run.saveCheckpoint("before-edit");
            // The agent's tools write after the checkpoint: one file changed, one created.
            Files.writeString(ws.resolve("report.bin"), "overwritten");
            Files.writeString(ws.resolve("new.txt"), "made after the checkpoint");

            assertThat(run.restoreCheckpoint("before-edit", "check")).isTrue();

            assertThat(Files.readAllBytes(ws.resolve("report.bin"))).isEqualTo(original);
            assertThat(ws.resolve("new.txt")).doesNotExist();
        }
        assertThat(events).filteredOn(e -> e instanceof RunEvent.WorkspaceChanged)
                .map(e -> (RunEvent.WorkspaceChanged) e)
                .extracting(RunEvent.WorkspaceChanged::cause, c -> c.files().size())
                .containsExactly(tuple("checkpoint 'before-edit' restored", 2));
        assertThat(events.stream().map(RunEvent::kind)).containsSubsequence("checkpoint.saved", "checkpoint.restored",
                "workspace.changed");
    }
}
