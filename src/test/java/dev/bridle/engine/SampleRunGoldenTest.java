package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Golden;
import dev.bridle.Samples;
import dev.bridle.event.RunEvent;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every sample scenario replays to the same events (timestamps aside): the golden file of its event sequence. */
class SampleRunGoldenTest {

    @TestFactory
    Stream<DynamicTest> everySampleScenarioMatchesItsGoldenEventSequence() {
        return Samples.scenarios().stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            List<RunEvent> events = new ArrayList<>();
            ScenarioRunner runner = new ScenarioRunner(
                    Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "run");
            ScenarioRunner.Report report = runner.run(file, events::add);
            StringBuilder out = new StringBuilder();
            for (RunEvent e : events) {
                out.append(line(e)).append('\n');
            }
            out.append("=> ").append(report.result().headline()).append('\n');
            Golden.assertMatches("runs/" + name(file) + ".events", out.toString());
            assertThat(report.mismatches()).as("expectations of %s", file).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> runsAreDeterministic() {
        return Samples.scenarios().stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            assertThat(eventsOf(file)).isEqualTo(eventsOf(file));
        }));
    }

    /** The events as lines: a real tool's measured duration (the sandboxed shell's) is timing, like timestamps. */
    private static List<String> eventsOf(Path file) throws Exception {
        List<RunEvent> events = new ArrayList<>();
        new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "run")
                .run(file, events::add);
        return events.stream().map(SampleRunGoldenTest::line).toList();
    }

    private static String name(Path scenario) {
        return Samples.FOLDER.relativize(scenario).toString().replace(".scenario.yaml", "");
    }

    /** Everything but the timestamp. */
    static String line(RunEvent e) {
        return String.format("%d step=%d %s node=%s agent=%s rule=%s | %s",
                e.seq(), e.step(), e.kind(), e.node(), e.agent(), e.rule(), e.summary());
    }
}
