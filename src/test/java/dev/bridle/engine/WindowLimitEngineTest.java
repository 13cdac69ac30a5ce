package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context window is a limit in a run: what cannot fit is cut with an event, or stops the run by its rule. */
class WindowLimitEngineTest {

    @TempDir
    Path dir;

    private List<RunEvent> run(String overflow, String turns, String result) throws Exception {
        Files.writeString(dir.resolve("t.harness.yaml"), """
                bridle: 1
                name: t
                agents:
                  a: { system: reads, tools: [fs.read] }
                workflow:
                  start: w
                  nodes:
                    w: { agent: a, next: e }
                    e: { end: completed }
                guards:
                  - { id: budget, steps: { max: 10 } }
                  - { id: answer-as-cut, complete: "state.w.answer.contains('to fit the context window')" }
                permissions:
                  default: deny
                  rules:
                    - { id: read, allow: fs.read }
                context: { window: 150%s }
                """.formatted(overflow));
        Files.writeString(dir.resolve("s.scenario.yaml"), """
                bridle: 1
                harness: t.harness.yaml
                task: Read the log.
                model:
                  turns:
                %s
                tools:
                  fs.read: { result: "%s" }
                """.formatted(turns, result));
        List<RunEvent> events = new ArrayList<>();
        new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "r")
                .run(HarnessReader.read(dir.resolve("t.harness.yaml")),
                        ScenarioReader.read(dir.resolve("s.scenario.yaml")), events::add);
        return events;
    }

    private static final String READ = "    - calls: [{ tool: fs.read, args: { path: build.log } }]\n    - say: Done.";

    @Test
    void aToolResultLargerThanTheWindowIsCutAndTheModelIsNeverCalledOverIt() throws Exception {
        List<RunEvent> events = run("", READ, "line of the build log ".repeat(60));

        assertThat(events).filteredOn(RunEvent.ContextTruncated.class::isInstance).first()
                .isInstanceOfSatisfying(RunEvent.ContextTruncated.class, t -> {
                    assertThat(t.what()).isEqualTo("the tool result of fs.read");
                    assertThat(t.before()).isGreaterThan(150);
                    assertThat(t.rule()).isEqualTo("context.window");
                });
        assertThat(events).filteredOn(RunEvent.ModelRequested.class::isInstance).isNotEmpty()
                .allSatisfy(e -> assertThat(((RunEvent.ModelRequested) e).contextTokens()).isLessThanOrEqualTo(150));
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                end -> assertThat(end.outcome()).isEqualTo(Outcome.COMPLETED));
    }

    @Test
    void underOverflowStopATooLargeToolResultStopsTheRunByTheWindow() throws Exception {
        List<RunEvent> events = run(", overflow: stop", READ, "line of the build log ".repeat(60));

        assertThat(events).filteredOn(RunEvent.ModelRequested.class::isInstance).hasSize(1);
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class, end -> {
            assertThat(end.outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(end.rule()).isEqualTo("context.window");
        });
    }

    @Test
    void aReplyLargerThanTheWindowIsNotTakenSilently() throws Exception {
        String huge = "word ".repeat(2_000);
        List<RunEvent> cut = run("", "    - say: " + huge, "ok");
        List<RunEvent> stopped = run(", overflow: stop", "    - say: " + huge, "ok");

        assertThat(cut).filteredOn(RunEvent.ContextTruncated.class::isInstance).first()
                .isInstanceOfSatisfying(RunEvent.ContextTruncated.class,
                        t -> assertThat(t.what()).isEqualTo("the reply"));
        assertThat(stopped.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class, end -> {
            assertThat(end.outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(end.rule()).isEqualTo("context.window");
        });
    }

    @Test
    void aReplyCutToFitIsTheAnswerAsCutForTheGuardsAndTheEnd() throws Exception {
        List<RunEvent> events = run("", "    - say: " + "word ".repeat(2_000), "ok");

        // The completion guard sees the answer the context holds, with the cut's note, not the whole reply.
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class, end -> {
            assertThat(end.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(end.rule()).isEqualTo("answer-as-cut");
        });
    }
}
