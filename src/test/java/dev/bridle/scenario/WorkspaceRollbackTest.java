package dev.bridle.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.engine.Approver;
import dev.bridle.engine.RunResult;
import dev.bridle.event.RunEvent;
import dev.bridle.model.ScriptedModel;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.tool.sandbox.RequiresSandbox;
import dev.bridle.workspace.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the engine and the real tools: after a rollback the workspace equals the checkpoint's, byte
 * for byte, including a file the sandboxed shell created and a file {@code fs.delete} deleted.
 */
class WorkspaceRollbackTest {

    private static final String HARNESS = """
            bridle: 1
            name: rollback-e2e
            agents:
              coder:
                system: You fix the code.
                tools: [fs.read, fs.write, fs.delete, shell]
            workflow:
              start: save
              nodes:
                save: { checkpoint: true, next: code }
                code: { agent: coder, next: verify }
                verify:
                  check: "has(last.tool) && last.tool == 'fs.read'"
                  then: done
                  else: failed
                  onError: { retry: 1, backoff: 1ms, then: stop }
                done: { end: completed }
                failed: { end: failed }
            permissions:
              default: deny
              rules:
                - { id: read, allow: fs.read }
                - { id: write, allow: fs.write }
                - { id: delete, allow: fs.delete }
                - { id: touch, allow: "shell:touch" }
                - { id: rm, allow: "shell:rm" }
            """;

    private static final String SCENARIO = """
            bridle: 1
            harness: rollback-e2e.harness.yaml
            task: Fix Order.
            model:
              turns:
                - calls: [{ tool: fs.write, args: { path: src/Order.java, content: "total = BROKEN" } }]
                - calls: [{ tool: fs.delete, args: { path: notes/old.md } }]
                - calls: [{ tool: %s, args: { %s } }]
                - say: Done.
                - calls: [{ tool: fs.read, args: { path: src/Order.java } }]
                - say: Done, from the original.
            expect:
              outcome: completed
            """;

    @TempDir
    Path dir;

    @Test
    void theWorkspaceAfterRollbackEqualsTheCheckpointsWithAShellFileAndADeletedFile() throws Exception {
        RequiresSandbox.bubblewrap();
        Run run = run("shell", "command: \"touch made-by-shell.txt\"");
        assertThat(run.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.WorkspaceChanged.class,
                w -> assertThat(w.files()).extracting(RunEvent.FileChange::path).contains("made-by-shell.txt")));
        run.assertRestored();
    }

    @Test
    void theWorkspaceAfterRollbackEqualsTheCheckpointsWithTheFileToolsAlone() throws Exception {
        run("fs.write", "path: src/New.java, content: \"class New {}\"").assertRestored();
    }

    @Test
    void aRestoreThatCannotFinishEndsTheRunAsFailedByTheRollbacksRule() throws Exception {
        RequiresSandbox.bubblewrap();
        Path ws = Files.createDirectories(dir.resolve("ws"));
        // A FIFO can be recorded but never recreated: deleting it makes the restore fail halfway, on purpose.
        assertThat(new ProcessBuilder("mkfifo", ws.resolve("pipe").toString()).start().waitFor()).isZero();
        Run run = run("shell", "command: \"rm pipe\"", Outcome.FAILED);
        RunEvent.RunEnded end = (RunEvent.RunEnded) run.events.getLast();
        assertThat(end.rule()).isEqualTo("workflow.nodes.verify.onError");
        assertThat(end.reason()).contains("failed to restore the workspace", "'pipe'", "cannot be recreated");
        assertThat(run.events).noneMatch(e -> e instanceof RunEvent.CheckpointRestored);
    }

    private Run run(String thirdTool, String thirdArgs) throws Exception {
        return run(thirdTool, thirdArgs, Outcome.COMPLETED);
    }

    private Run run(String thirdTool, String thirdArgs, Outcome outcome) throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(Files.createDirectories(ws.resolve("src")).resolve("Order.java"), "total = sum\n");
        Files.writeString(Files.createDirectories(ws.resolve("notes")).resolve("old.md"), "keep me\n");
        Files.writeString(dir.resolve("rollback-e2e.harness.yaml"), HARNESS);
        Path scenarioFile = dir.resolve("rollback-e2e.scenario.yaml");
        Files.writeString(scenarioFile, SCENARIO.formatted(thirdTool, thirdArgs));
        ScenarioReader.Loaded scenario = ScenarioReader.read(scenarioFile);
        HarnessReader.Loaded harness = HarnessReader.read(scenario.harnessFile());
        Run run = new Run();
        List<String> original = Tree.of(ws);
        RunResult result = LiveRun.run(harness, scenario.scenario().task(),
                new ScriptedModel("e2e", scenario.scenario().script(), TokenCounter.cl100k()), ws,
                q -> new Approver.Answer(false, "test"), Optional.empty(), Clock.systemUTC(), () -> "e2e", e -> {
                    run.events.add(e);
                    try {
                        if (e instanceof RunEvent.CheckpointSaved) {
                            run.atCheckpoint = Tree.of(ws);
                        } else if (e instanceof RunEvent.CheckpointRestored) {
                            run.afterRollback = Tree.of(ws);
                        }
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
        assertThat(result.outcome()).as("%s", run.events).isEqualTo(outcome);
        assertThat(run.atCheckpoint).isEqualTo(original);
        if (outcome != Outcome.COMPLETED) {
            return run;
        }
        run.retryRead = run.events.stream().filter(e -> e instanceof RunEvent.ToolCompleted t
                && t.tool().equals("fs.read")).map(e -> ((RunEvent.ToolCompleted) e).result()).findFirst()
                .orElseThrow();
        return run;
    }

    /** What one run saw. */
    private static final class Run {
        final List<RunEvent> events = new ArrayList<>();
        List<String> atCheckpoint;
        List<String> afterRollback;
        String retryRead;

        void assertRestored() {
            assertThat(afterRollback).as("the workspace after the rollback").isNotNull()
                    .containsExactlyElementsOf(atCheckpoint);
            assertThat(retryRead).isEqualTo("total = sum\n");
        }
    }
}
