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

/** The engine reads declared tools through their declarations: the loop guard sees one path however it is spelt. */
class DeclaredToolEngineTest {

    @TempDir
    Path dir;

    private List<RunEvent> run(String turns) throws Exception {
        Files.writeString(dir.resolve("t.harness.yaml"), """
                bridle: 1
                name: t
                agents:
                  a: { system: reads, tools: [read_file] }
                tools:
                  read_file: { reads: file_path }
                workflow:
                  start: w
                  nodes:
                    w: { agent: a, next: e }
                    e: { end: completed }
                guards:
                  - { id: budget, steps: { max: 10 } }
                  - { id: loop, loop: { window: 6, repeats: 3 } }
                permissions:
                  default: deny
                  rules:
                    - { id: read-docs, allow: read_file, paths: ["docs/**"] }
                """);
        Files.writeString(dir.resolve("s.scenario.yaml"), """
                bridle: 1
                harness: t.harness.yaml
                model:
                  turns:
                """ + turns + """
                    - say: Done.
                tools:
                  read_file: { result: "# A" }
                """);
        List<RunEvent> events = new ArrayList<>();
        new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "r")
                .run(HarnessReader.read(dir.resolve("t.harness.yaml")),
                        ScenarioReader.read(dir.resolve("s.scenario.yaml")), events::add);
        return events;
    }

    @Test
    void theSamePathSpeltThreeWaysIsALoop() throws Exception {
        List<RunEvent> events = run("""
                    - calls: [{ tool: read_file, args: { file_path: ./docs/a.md } }]
                    - calls: [{ tool: read_file, args: { file_path: docs/b/../a.md } }]
                    - calls: [{ tool: read_file, args: { file_path: docs/a.md } }]
                """);
        assertThat(events).filteredOn(RunEvent.PermissionChecked.class::isInstance)
                .allSatisfy(e -> assertThat(((RunEvent.PermissionChecked) e).rule()).isEqualTo("read-docs"));
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class, end -> {
            assertThat(end.outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(end.rule()).isEqualTo("loop");
        });
    }

    @Test
    void threeDifferentPathsAreNoLoop() throws Exception {
        List<RunEvent> events = run("""
                    - calls: [{ tool: read_file, args: { file_path: docs/a.md } }]
                    - calls: [{ tool: read_file, args: { file_path: docs/b.md } }]
                    - calls: [{ tool: read_file, args: { file_path: docs/c.md } }]
                """);
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                end -> assertThat(end.outcome()).isEqualTo(Outcome.COMPLETED));
    }

    @Test
    void theSameNumberSpeltThreeWaysIsALoop() throws Exception {
        List<RunEvent> events = run("""
                    - calls: [{ tool: read_file, args: { file_path: docs/a.md, line: 7 } }]
                    - calls: [{ tool: read_file, args: { file_path: docs/a.md, line: 7.0 } }]
                    - calls: [{ tool: read_file, args: { line: 7.00, file_path: docs/a.md } }]
                """);
        assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class, end -> {
            assertThat(end.outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(end.rule()).isEqualTo("loop");
        });
    }
}
