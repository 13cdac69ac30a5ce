package dev.bridle.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.export.Bundle;
import dev.bridle.policy.HarnessReader;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunActionsTest {

    @TempDir
    Path dir;

    private static ScenarioRunner.Report run(String harness, String scenario) throws Exception {
        return new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "a")
                .run(Samples.scenario(harness, scenario), EventSink.none());
    }

    @Test
    void whyOnTheTraversalNamesThePathScope() throws Exception {
        ScenarioRunner.Report r = run("over-trusted-agent", "contained");
        RunEvent traversal = r.events().stream().filter(e -> e instanceof RunEvent.PermissionChecked p
                && p.rule().equals("path-scope")).findFirst().orElseThrow();
        assertThat(RunActions.why(r.harness().harness(), r.events(), traversal))
                .startsWith("deny by rule 'path-scope'").contains("decision: deny by path-scope");
    }

    @Test
    void replayingTheLastRunUnderATighterHarnessStopsItEarlier() throws Exception {
        ScenarioRunner.Report r = run("looping-agent", "busy-without-progress");
        Path tighter = dir.resolve("tighter.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("looping-agent"))
                .replace("noProgress: { steps: 5 }", "noProgress: { steps: 3 }"));
        String report = RunActions.replayUnder(HarnessReader.read(tighter).harness(), r.events());
        assertThat(report).contains("stopped by guard 'no-progress'").contains("at step 3");
    }

    @Test
    void exportForProductionWritesAVerifiableBundle() throws Exception {
        var harness = HarnessReader.read(Samples.harness("over-trusted-agent")).harness();
        Bundle.Manifest m = RunActions.exportBundle(harness, dir.resolve("bundle"), Optional.empty(), "test");
        assertThat(Bundle.verify(dir.resolve("bundle"), Optional.empty()).harness()).isEqualTo(harness);
        assertThat(m.digest()).hasSize(64);
    }
}
