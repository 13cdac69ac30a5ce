package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.context.ContextEntry;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The headless debugger: breakpoints, stepping, stopping and time travel on the sample scenarios. */
class DebuggerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    record Session(Debugger debugger, CompletableFuture<ScenarioRunner.Report> report) {}

    private static Session start(String harness, String scenario, java.util.function.Consumer<Debugger> setUp)
            throws Exception {
        HarnessReader.Loaded h = HarnessReader.read(Samples.harness(harness));
        ScenarioReader.Loaded s = ScenarioReader.read(Samples.scenario(harness, scenario));
        Debugger debugger = new Debugger(EventSink.none());
        setUp.accept(debugger);
        ScenarioRunner.Prepared prepared = new ScenarioRunner(Optional.empty(),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "d").prepare(h, s, debugger);
        debugger.attach(prepared.engine());
        return new Session(debugger, CompletableFuture.supplyAsync(prepared::run));
    }

    @Test
    void breakpointOnCompactionShowsThePinnedRequirementAndTokensUnderBudget() throws Exception {
        Session s = start("lost-context", "keeps-the-requirement", d -> d.breakOnKind("context.compacted"));
        Debugger.Pause pause = s.debugger().awaitPause(WAIT).orElseThrow();
        assertThat(pause.event()).isInstanceOf(RunEvent.ContextCompacted.class);
        RunSnapshot snap = pause.snapshot().orElseThrow();
        assertThat(snap.contexts().get("auditor")).filteredOn(ContextEntry::pinned).extracting(ContextEntry::tag)
                .contains("acceptance", "task");
        assertThat(snap.contextTokens().get("auditor")).isLessThanOrEqualTo(600);
        assertThat(snap.meters()).anySatisfy(m -> assertThat(m.toString()).startsWith("tokens "));
        s.debugger().clearBreakpoints();
        s.debugger().resume();
        assertThat(s.report().get(20, TimeUnit.SECONDS).result().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void breakpointOnDenialPausesAtTheTraversalAndNamesTheRule() throws Exception {
        Session s = start("over-trusted-agent", "contained", d -> d.breakOnDenial(true));
        Debugger.Pause pause = s.debugger().awaitPause(WAIT).orElseThrow();
        assertThat(pause.reason()).isEqualTo("denied by rule 'path-scope'");
        assertThat(((RunEvent.PermissionChecked) pause.event()).resource()).contains("docs/../../outside/passwd");
        s.debugger().stop();
        ScenarioRunner.Report report = s.report().get(20, TimeUnit.SECONDS);
        assertThat(report.result().outcome()).isEqualTo(Outcome.INTERRUPTED);
    }

    @Test
    void steppingThreeTimesThenContinuingEndsAsAnUndebuggedRun() throws Exception {
        Session s = start("runaway-agent", "loops-forever", d -> d.breakOnNode("research"));
        Debugger.Pause first = s.debugger().awaitPause(WAIT).orElseThrow();
        long seq = first.event().seq();
        for (int i = 1; i <= 3; i++) {
            s.debugger().step(Debugger.Step.EVENT);
            Debugger.Pause p = s.debugger().awaitPause(WAIT).orElseThrow();
            assertThat(p.event().seq()).isEqualTo(seq + i);
        }
        s.debugger().resume();
        ScenarioRunner.Report debugged = s.report().get(20, TimeUnit.SECONDS);
        ScenarioRunner.Report plain = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "p")
                .run(Samples.scenario("runaway-agent", "loops-forever"), EventSink.none());
        assertThat(debugged.result()).isEqualTo(plain.result());
        assertThat(debugged.events()).hasSameSizeAs(plain.events());
    }

    @Test
    void guardBreakpointPausesWhenTheGuardTriggers() throws Exception {
        Session s = start("looping-agent", "ping-pong", d -> d.breakOnGuard("loop"));
        Debugger.Pause pause = s.debugger().awaitPause(WAIT).orElseThrow();
        assertThat(pause.reason()).isEqualTo("guard 'loop' triggered");
        assertThat(pause.snapshot().orElseThrow().step()).isEqualTo(4);
        s.debugger().resume();
        assertThat(s.report().get(20, TimeUnit.SECONDS).result().rule()).isEqualTo("loop");
    }

    @Test
    void timeTravelReplaysToAnEventAndShowsTheStateThere() throws Exception {
        HarnessReader.Loaded h = HarnessReader.read(Samples.harness("compounding-error"));
        ScenarioReader.Loaded s = ScenarioReader.read(Samples.scenario("compounding-error", "recovers-on-retry"));
        ScenarioRunner.Report full = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "f")
                .run(h, s, EventSink.none());
        long failedCheck = full.events().stream().filter(e -> e instanceof RunEvent.ErrorHandled).findFirst()
                .orElseThrow().seq();
        RunSnapshot at = ScenarioRunner.replayTo(h, s, failedCheck).orElseThrow();
        assertThat(at.seq()).isEqualTo(failedCheck);
        assertThat(at.variables()).containsKey("tests");
        assertThat(at.variables().get("tests").toString()).contains("failed=1");
        RunSnapshot again = ScenarioRunner.replayTo(h, s, failedCheck).orElseThrow();
        assertThat(again).isEqualTo(at);
    }
}
