package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.Samples;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhatIfTest {

    @TempDir
    Path dir;

    /** Records a sample scenario as JSON lines, as {@code bridle record} does, and reads it back. */
    private RunJournal.Recorded record(String harness, String scenario) throws Exception {
        HarnessReader.Loaded h = HarnessReader.read(Samples.harness(harness));
        ScenarioReader.Loaded s = ScenarioReader.read(Samples.scenario(harness, scenario));
        ScenarioRunner.Report r = new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                () -> "run").run(h, s, e -> {});
        Path file = dir.resolve(scenario + ".jsonl");
        Files.writeString(file, RunJournal.write(new RunJournal.Header(harness, "mock:" + scenario,
                s.scenario().task()), r.events()));
        return RunJournal.read(file);
    }

    @Test
    void theSameHarnessGivesTheSameDecisions() throws Exception {
        Harness h = HarnessReader.read(Samples.harness("looping-agent")).harness();
        WhatIf.Report r = WhatIf.run(h, record("looping-agent", "busy-without-progress"));
        assertThat(r.same()).as(String.join("\n", r.onlyNew())).isTrue();
        assertThat(r.result().rule()).isEqualTo("no-progress");
        assertThat(r.result().steps()).isEqualTo(5);
    }

    @Test
    void aTighterNoProgressGuardStopsTheRecordedRunTwoStepsEarlier() throws Exception {
        Path tighter = dir.resolve("looping-agent.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("looping-agent"))
                .replace("noProgress: { steps: 5 }", "noProgress: { steps: 3 }"));
        Harness h = HarnessReader.read(tighter).harness();
        assertThat(h.guards()).anyMatch(g -> g instanceof GuardSpec.NoProgress n && n.steps() == 3);

        WhatIf.Report r = WhatIf.run(h, record("looping-agent", "busy-without-progress"));

        assertThat(r.recordedEnd().orElseThrow().step()).isEqualTo(5);
        assertThat(r.result().outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.result().rule()).isEqualTo("no-progress");
        assertThat(r.result().steps()).isEqualTo(3);
        WhatIf.Divergence first = r.firstDivergence().orElseThrow();
        assertThat(first.step()).isEqualTo(3);
        assertThat(first.now().orElseThrow()).contains("guard.triggered", "rule=no-progress", "steps=3");
        assertThat(first.recorded().orElseThrow()).contains("step 3 permission.checked");
        assertThat(r.onlyRecorded()).anyMatch(l -> l.startsWith("step 5 guard.triggered"));
        assertThat(WhatIf.render(h, r)).contains("first divergence at step 3");
    }

    @Test
    void aTighterLoopWindowCatchesThePingPongAnotherWay() throws Exception {
        Path tighter = dir.resolve("looping-agent.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("looping-agent"))
                .replace("noProgress: { steps: 5 }", "noProgress: { steps: 2 }"));
        WhatIf.Report r = WhatIf.run(HarnessReader.read(tighter).harness(), record("looping-agent", "ping-pong"));
        assertThat(r.result().rule()).isEqualTo("no-progress");
        assertThat(r.result().steps()).isEqualTo(2);
        assertThat(r.recordedEnd().orElseThrow().rule()).isEqualTo("loop");
    }

    @Test
    void plainEventLinesWithoutAHeaderOrKindsAreRead() throws Exception {
        RunJournal.Recorded rec = record("runaway-agent", "answers-in-bounds");
        StringBuilder plain = new StringBuilder();
        rec.events().forEach(e -> plain.append(dev.bridle.event.EventJson.write(e)).append('\n'));
        Path file = dir.resolve("plain.jsonl");
        Files.writeString(file, plain);
        RunJournal.Recorded back = RunJournal.read(file);
        assertThat(back.header()).isEmpty();
        assertThat(back.events()).isEqualTo(rec.events());
    }

    @Test
    void aFactLineWithoutItsEventIsRefusedNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"bridle\":\"run\",\"harness\":\"h\",\"model\":\"m\",\"task\":\"t\"}\n"
                + "{\"bridle\":\"sets\",\"sets\":{\"a\":1}}\n");
        assertThatThrownBy(() -> RunJournal.read(file))
                .hasMessage(file + ":2: a 'sets' line needs the seq of its event");
        Files.writeString(file, "{\"bridle\":\"secrets\",\"seq\":1}\n");
        assertThatThrownBy(() -> RunJournal.read(file)).hasMessageContaining(":1: unknown line kind");
    }

    @Test
    void factLinesRoundTrip() throws Exception {
        RunJournal.Recorded rec = record("runaway-agent", "answers-in-bounds");
        long seq = rec.events().getLast().seq();
        RunFacts facts = new RunFacts(Map.of(seq, Map.of("tests", Map.of("failed", 0))),
                Map.of(seq, "a summary"));
        Path file = dir.resolve("facts.jsonl");
        Files.writeString(file, RunJournal.write(rec.header().orElseThrow(), rec.events(), facts));
        RunJournal.Recorded back = RunJournal.read(file);
        assertThat(back.events()).isEqualTo(rec.events());
        assertThat(back.facts()).isEqualTo(facts);
    }
}
