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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's behaviours one at a time, each with a small harness and scenario written for it. */
class EngineBehaviourTest {

    @TempDir
    Path dir;

    private static final String AGENT = """
            bridle: 1
            name: t
            agents:
              a: { system: works, tools: [t.do] }
              b: { system: helps, tools: [t.do] }
            """;

    record Ran(ScenarioRunner.Report report, List<RunEvent> events) {
        List<String> kinds() {
            return events.stream().map(RunEvent::kind).toList();
        }
    }

    private Ran run(String harness, String scenario, Clock clock) throws Exception {
        Files.writeString(dir.resolve("t.harness.yaml"), harness);
        Files.writeString(dir.resolve("s.scenario.yaml"), "bridle: 1\nharness: t.harness.yaml\n" + scenario);
        List<RunEvent> events = new ArrayList<>();
        ScenarioRunner.Report r = new ScenarioRunner(Optional.empty(), clock, () -> "r")
                .run(HarnessReader.read(dir.resolve("t.harness.yaml")),
                        ScenarioReader.read(dir.resolve("s.scenario.yaml")), events::add);
        return new Ran(r, events);
    }

    private Ran run(String harness, String scenario) throws Exception {
        return run(harness, scenario, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private static final String DO_FOREVER = """
            model:
              turns:
                - calls: [{ tool: t.do, args: {} }]
              repeat: last
            tools:
              t.do: { result: ok }
            """;

    private static String oneAgent(String guards) {
        return AGENT + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                permissions: { default: allow }
                guards:
                """ + guards;
    }

    /** A clock that moves forward a second every time it is read. */
    static final class Ticking extends Clock {
        private Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plus(Duration.ofSeconds(1));
            return now;
        }
    }

    @Test
    void deadlineStopsTheRunByTheRunsClock() throws Exception {
        Ran r = run(oneAgent("  - { id: deadline, deadline: 30s }\n"), DO_FOREVER, new Ticking());
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.report().result().rule()).isEqualTo("deadline");
        assertThat(r.report().result().reason()).contains("deadline=30s");
    }

    @Test
    void totalTokenBudgetStopsOnceSpent() throws Exception {
        Ran r = run(oneAgent("  - { id: tokens, tokens: { total: 500 } }\n"), DO_FOREVER);
        assertThat(r.report().result().rule()).isEqualTo("tokens");
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.STOPPED);
    }

    @Test
    void costBudgetStopsAtThePriceOfTheTokensSpent() throws Exception {
        Ran r = run(oneAgent("  - { id: cost, cost: { max: 0.001, inputPerMillion: 3, outputPerMillion: 15 } }\n"),
                DO_FOREVER);
        assertThat(r.report().result().rule()).isEqualTo("cost");
        assertThat(r.report().result().reason()).contains("cost.max=0.001");
    }

    @Test
    void perAgentLimitIsAGuardNamedAfterTheAgent() throws Exception {
        Ran r = run(AGENT.replace("a: { system: works, tools: [t.do] }",
                        "a: { system: works, tools: [t.do], limits: { steps: 4 } }") + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                permissions: { default: allow }
                guards:
                  - { id: budget, steps: { max: 100 } }
                """, DO_FOREVER);
        assertThat(r.report().result().rule()).isEqualTo("agents.a.limits.steps");
        assertThat(r.report().result().steps()).isEqualTo(4);
    }

    @Test
    void turnLimitStopsAWorkflowThatKeepsGoingBackToTheAgent() throws Exception {
        Ran r = run(AGENT + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: verify }
                    verify: { check: "steps > 100", then: done, else: work }
                    done: { end: completed }
                permissions: { default: allow }
                guards:
                  - { id: turns, turns: { max: 3 } }
                """, """
                model:
                  turns:
                    - say: done for now
                  repeat: last
                """);
        assertThat(r.report().result().rule()).isEqualTo("turns");
        assertThat(r.kinds().stream().filter("node.entered"::equals).count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void conditionalEdgesPickTheFirstThatHolds() throws Exception {
        Ran r = run(AGENT + """
                workflow:
                  start: work
                  nodes:
                    work:
                      agent: a
                      next:
                        - { to: big, when: "state.size > 10" }
                        - { to: small }
                    big: { end: completed }
                    small: { end: failed }
                permissions: { default: allow }
                """, """
                model:
                  turns:
                    - calls: [{ tool: t.do, args: {} }]
                    - say: measured
                tools:
                  t.do: { result: "42", sets: { size: 42 } }
                """);
        assertThat(r.report().result().rule()).isEqualTo("big");
    }

    @Test
    void approvalNodeRoutesOnTheAnswer() throws Exception {
        String harness = AGENT + """
                workflow:
                  start: ask
                  nodes:
                    ask: { approval: "Ship it?", then: ship, else: hold }
                    ship: { end: completed }
                    hold: { end: stopped }
                """;
        assertThat(run(harness, "model: { turns: [ { say: x } ] }\napprovals: [approve]\n").report().result().rule())
                .isEqualTo("ship");
        Ran rejected = run(harness, "model: { turns: [ { say: x } ] }\napprovals: [reject]\n");
        assertThat(rejected.report().result().rule()).isEqualTo("hold");
        assertThat(rejected.report().result().outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(run(harness, "model: { turns: [ { say: x } ] }\n").events())
                .filteredOn(e -> e instanceof RunEvent.ApprovalAnswered).singleElement()
                .satisfies(e -> assertThat(((RunEvent.ApprovalAnswered) e).by()).startsWith("timeout"));
    }

    @Test
    void modelFailureIsRetriedThenTheErrorPolicyStops() throws Exception {
        Ran r = run(oneAgent("  - { id: budget, steps: { max: 10 } }\n") + "onError: { retry: 1, backoff: 2s, then: stop }\n",
                """
                model:
                  turns:
                    - fault: error
                    - fault: timeout
                """);
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.report().result().reason()).isEqualTo("model timed out (injected fault)");
        assertThat(r.report().result().rule()).isEqualTo("onError");
        assertThat(r.events()).filteredOn(e -> e instanceof RunEvent.ErrorHandled)
                .extracting(e -> ((RunEvent.ErrorHandled) e).action()).containsExactly("retry", "stop");
    }

    @Test
    void handOffFieldsReachTheNextAgent() throws Exception {
        Ran r = run(AGENT + """
                workflow:
                  start: first
                  nodes:
                    first: { agent: a, next: second }
                    second: { agent: b, next: done }
                    done: { end: completed }
                permissions: { default: allow }
                context: { handoff: [plan] }
                """, """
                model:
                  turns:
                    - calls: [{ tool: t.do, args: {} }]
                    - say: planned
                    - say: followed the plan
                tools:
                  t.do: { result: ok, sets: { plan: "migrate invoices first" } }
                """);
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.COMPLETED);
        // b sees its system prompt and the hand-off message (there is no task in this scenario).
        assertThat(r.events()).filteredOn(e -> e instanceof RunEvent.ModelRequested m && m.agent().equals("b"))
                .singleElement().satisfies(e -> assertThat(((RunEvent.ModelRequested) e).messages()).isEqualTo(2));
    }

    private static final String TWO_WRITERS = AGENT + """
            workflow:
              start: split
              nodes:
                split: { parallel: [wa, wb], join: merge }
                wa: { agent: a, next: merge }
                wb: { agent: b, next: merge }
                merge: { join: true, next: done }
                done: { end: completed }
            permissions: { default: allow }
            guards:
              - { id: budget, steps: { max: 20 } }
            """;

    @Test
    void queuedWritersThatWaitForEachOtherAreADeadlock() throws Exception {
        Ran r = run(TWO_WRITERS.replace("t.do]", "fs.write]") + "coordination: { turns: round-robin, locks: per-path,"
                + " onBusy: queue }\n", """
                model:
                  turns:
                    - calls: [{ tool: fs.write, args: { path: x.md, content: a } }]
                    - calls: [{ tool: fs.write, args: { path: y.md, content: b } }]
                    - calls: [{ tool: fs.write, args: { path: y.md, content: a } }]
                    - calls: [{ tool: fs.write, args: { path: x.md, content: b } }]
                tools:
                  fs.write: { result: written }
                """);
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.report().result().rule()).isEqualTo("coordination.locks");
        assertThat(r.report().result().reason()).startsWith("deadlock: ");
        // A queued write waits; it is not refused.
        assertThat(r.kinds()).contains("lock.waited").doesNotContain("lock.refused");
    }

    @Test
    void supervisorChoosesWhichBranchGoesNext() throws Exception {
        Ran r = run(TWO_WRITERS.replace("  b: { system: helps, tools: [t.do] }",
                "  b: { system: helps, tools: [t.do] }\n  boss: { system: decides, tools: [] }")
                + "coordination: { turns: supervisor, supervisor: boss }\n", """
                model:
                  turns:
                    - say: wb
                    - say: b finished
                    - say: wa
                    - say: a finished
                """);
        assertThat(r.report().result().outcome()).isEqualTo(Outcome.COMPLETED);
        List<String> order = r.events().stream()
                .filter(e -> e instanceof RunEvent.NodeEntered n && (n.node().equals("wa") || n.node().equals("wb")))
                .map(RunEvent::node).toList();
        assertThat(order).containsExactly("wb", "wa");
    }

    @Test
    void everyRunEndsInExactlyOneOutcomeWithItsRule() throws Exception {
        Ran r = run(oneAgent("  - { id: budget, steps: { max: 3 } }\n"), DO_FOREVER);
        assertThat(r.kinds()).filteredOn("run.ended"::equals).hasSize(1);
        assertThat(r.kinds().getLast()).isEqualTo("run.ended");
        assertThat(r.events().getLast().rule()).isEqualTo("budget");
    }
}
