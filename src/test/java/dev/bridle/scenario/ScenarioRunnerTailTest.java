package dev.bridle.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
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

class ScenarioRunnerTailTest {

    private static final String HARNESS = """
            bridle: 1
            name: reader
            description: Reads sources, is refused secrets, until its budget stops it.
            agents:
              worker: { system: You work., tools: [fs.read] }
            workflow:
              start: work
              nodes:
                work: { agent: worker, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: 40 } }
              - { id: loop, loop: { window: 8, repeats: 1000000 } }
            permissions:
              default: deny
              rules:
                - { id: read, allow: fs.read, paths: ["src/**"] }
            context: { window: 2000, compaction: drop-oldest, keepRecent: 4 }
            """;

    /** Expectations of every kind, some met and some not, so that both verdicts and messages are compared. */
    private static final String SCENARIO = """
            bridle: 1
            description: Reads a source and a secret on every step.
            harness: ../reader.harness.yaml
            task: Read.
            model:
              turns:
                - say: Reading on.
                  calls:
                    - { tool: fs.read, args: { path: src/a.txt } }
                    - { tool: fs.read, args: { path: secret/key.txt } }
              repeat: last
            tools:
              fs.read: { result: "class A {}" }
            expect:
              outcome: stopped
              rule: budget
              step: 40
              denied: [secret/key.txt, src/never.txt]
              allowed: [src/a.txt, secret/other.txt]
              maxContextTokens: 10
              events: [context.compacted, permission.checked:read, approval.requested]
              noEvents: [guard.triggered:budget, permission.checked, lock.refused]
            """;

    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        Files.writeString(dir.resolve("reader.harness.yaml"), HARNESS);
        Files.createDirectories(dir.resolve("reader"));
        return Files.writeString(dir.resolve("reader/reads.scenario.yaml"), SCENARIO);
    }

    private static ScenarioRunner runner() {
        return new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "run");
    }

    @Test
    void aRunKeepingATailIsJudgedExactlyAsARunKeepingEveryEvent() throws Exception {
        Path file = scenario();
        ScenarioRunner.Report whole = runner().run(file, EventSink.none());
        ScenarioRunner.Report tail = runner().keepingLast(3).run(file, EventSink.none());

        assertThat(whole.mismatches()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(tail.mismatches()).isEqualTo(whole.mismatches());
        assertThat(tail.result()).isEqualTo(whole.result());
        assertThat(whole.events()).hasSizeGreaterThan(200);
        assertThat(tail.events()).isEqualTo(whole.events().subList(whole.events().size() - 3, whole.events().size()));
    }

    @Test
    void aRunKeepingNoEventsStillPassesAMetScenario() throws Exception {
        Path file = scenario();
        Files.writeString(file, SCENARIO.substring(0, SCENARIO.indexOf("  denied:"))
                + "  denied: [secret/key.txt]\n  events: [model.requested]\n  noEvents: [lock.refused]\n");

        ScenarioRunner.Report report = runner().keepingLast(0).run(file, EventSink.none());

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.events()).isEmpty();
        assertThat(report.result().steps()).isEqualTo(40);
    }

    @Test
    void theListenerStillSeesEveryEventWhenTheReportKeepsNone() throws Exception {
        Path file = scenario();
        List<RunEvent> seen = new ArrayList<>();

        ScenarioRunner.Report report = runner().keepingLast(0).run(file, seen::add);

        assertThat(report.events()).isEmpty();
        assertThat(seen).hasSizeGreaterThan(200);
        assertThat(seen.getLast().kind()).isEqualTo("run.ended");
    }

    @Test
    void aNegativeTailIsRefused() {
        assertThatThrownBy(() -> runner().keepingLast(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
