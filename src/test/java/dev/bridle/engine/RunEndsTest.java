package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bridle.event.RunEvent;
import dev.bridle.model.ModelPort;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.ModelResponse;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Edge;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.RunLimits;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.policy.Workflow;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.tool.ToolPort;
import dev.bridle.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run ends, by a named rule, and limits count right: one test per defect of issue 18 that this part fixes. */
class RunEndsTest {

    @TempDir
    Path dir;

    private static final Duration NEVER_HANGS = Duration.ofSeconds(20);

    private static final String AGENTS = """
            bridle: 1
            name: t
            agents:
              a: { system: works, tools: [t.do] }
              b: { system: helps, tools: [t.do] }
              c: { system: checks, tools: [t.do] }
            permissions: { default: allow }
            """;

    record Ran(ScenarioRunner.Report report, List<RunEvent> events) {
        List<String> kinds() {
            return events.stream().map(RunEvent::kind).toList();
        }

        Outcome outcome() {
            return report.result().outcome();
        }

        String rule() {
            return report.result().rule();
        }
    }

    private HarnessReader.Loaded harness(String text) throws Exception {
        Files.writeString(dir.resolve("t.harness.yaml"), text);
        return HarnessReader.read(dir.resolve("t.harness.yaml"));
    }

    private ScenarioReader.Loaded scenario(String text) throws Exception {
        Files.writeString(dir.resolve("s.scenario.yaml"), "bridle: 1\nharness: t.harness.yaml\n" + text);
        return ScenarioReader.read(dir.resolve("s.scenario.yaml"));
    }

    private Ran run(String harness, String scenario, Clock clock) throws Exception {
        HarnessReader.Loaded h = harness(harness);
        ScenarioReader.Loaded s = scenario(scenario);
        List<RunEvent> events = new ArrayList<>();
        ScenarioRunner.Report r = assertTimeoutPreemptively(NEVER_HANGS,
                () -> new ScenarioRunner(Optional.empty(), clock, () -> "r").run(h, s, events::add));
        return new Ran(r, events);
    }

    private Ran run(String harness, String scenario) throws Exception {
        return run(harness, scenario, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private static final String ALWAYS_ERRORS = """
            model:
              turns:
                - fault: error
              repeat: last
            """;

    @Test
    void rollbackOnceRetriesAreSpentHappensOnceAndTheRunEnds() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: save
                  nodes:
                    save: { checkpoint: true, next: work }
                    work: { agent: a, next: done, onError: { retry: 2, then: rollback } }
                    done: { end: completed }
                """, ALWAYS_ERRORS);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.rule()).isEqualTo("workflow.nodes.work.onError");
        assertThat(r.report().result().reason()).contains("after 2 retries and a rollback");
        assertThat(r.kinds().stream().filter("checkpoint.restored"::equals)).hasSize(1);
        // Three tries, the rollback, one more try: four model calls in all.
        assertThat(r.kinds().stream().filter("error.handled"::equals)).hasSize(4);
    }

    @Test
    void aFailingCheckRollsBackOnceAfterItsRetriesThenStops() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: save
                  nodes:
                    save: { checkpoint: true, next: work }
                    work: { agent: a, next: verify }
                    verify: { check: "false", then: done, else: done, onError: { retry: 1, then: rollback } }
                    done: { end: completed }
                """, "model:\n  turns:\n    - say: fixed\n  repeat: last\n");
        assertThat(r.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.rule()).isEqualTo("workflow.nodes.verify.onError");
        assertThat(r.kinds().stream().filter("checkpoint.restored"::equals)).hasSize(2);
    }

    @Test
    void modelErrorsAndRetriesCountTowardTheRunsAttemptCap() throws Exception {
        Ran r = run(AGENTS + """
                run: { limits: { attempts: 7 } }
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done, onError: { retry: 50, then: stop } }
                    done: { end: completed }
                """, ALWAYS_ERRORS);
        assertThat(r.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.rule()).isEqualTo(RunLimits.RULE);
        assertThat(r.report().result().reason()).contains("attempts=7");
        assertThat(r.kinds().stream().filter("error.handled"::equals)).hasSize(7);
    }

    @Test
    void aCycleOfChecksEndsByTheTransitionCap() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: a
                  nodes:
                    a: { check: "true", then: a, else: done }
                    done: { end: completed }
                """, "model:\n  turns:\n    - say: x\n");
        assertThat(r.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.rule()).isEqualTo(RunLimits.RULE);
        assertThat(r.report().result().reason()).contains("transitions=" + RunLimits.DEFAULT_TRANSITIONS);
    }

    @Test
    void theEventCapStopsARunawayAndRunEndedIsTheLastEvent() throws Exception {
        Ran r = run(AGENTS + """
                run: { limits: { events: 50 } }
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                """, "model:\n  turns:\n    - calls: [{ tool: t.do, args: {} }]\n  repeat: last\n"
                + "tools:\n  t.do: { result: ok }\n");
        assertThat(r.rule()).isEqualTo(RunLimits.RULE);
        assertThat(r.events()).hasSize(51);
        assertThat(r.events().getLast()).isInstanceOf(RunEvent.RunEnded.class);
        assertThat(r.events().getLast().seq()).isEqualTo(51);
    }

    @Test
    void anAnswerInTheLastAllowedStepCompletes() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 3 } }
                """, """
                model:
                  turns:
                    - calls: [{ tool: t.do, args: { n: 1 } }]
                    - calls: [{ tool: t.do, args: { n: 2 } }]
                    - say: the answer
                tools:
                  t.do: { result: ok }
                """);
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.report().result().steps()).isEqualTo(3);
        assertThat(r.kinds()).doesNotContain("guard.triggered");
    }

    @Test
    void aStepBudgetStopsWhenAFurtherStepWouldBegin() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 3 } }
                """, "model:\n  turns:\n    - calls: [{ tool: t.do, args: {} }]\n  repeat: last\n"
                + "tools:\n  t.do: { result: ok }\n");
        assertThat(r.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.rule()).isEqualTo("budget");
        assertThat(r.report().result().steps()).isEqualTo(3);
        assertThat(r.kinds().stream().filter("model.requested"::equals)).hasSize(3);
    }

    @Test
    void everyGuardThatReachedItsLimitOnAStepIsRecordedAndTheFirstDeclaredEndsTheRun() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 2 } }
                  - { id: turns, steps: { max: 2 } }
                """, "model:\n  turns:\n    - calls: [{ tool: t.do, args: {} }]\n  repeat: last\n"
                + "tools:\n  t.do: { result: ok }\n");
        assertThat(r.events().stream().filter(e -> e instanceof RunEvent.GuardTriggered).map(RunEvent::rule))
                .containsExactly("budget", "turns");
        assertThat(r.rule()).isEqualTo("budget");
    }

    @Test
    void roundRobinKeepsItsOrderWhenABranchFinishes() throws Exception {
        Ran r = run(AGENTS + """
                coordination: { turns: round-robin }
                workflow:
                  start: split
                  nodes:
                    split: { parallel: [wa, wb, wc], join: merge }
                    wa: { agent: a, next: merge }
                    wb: { agent: b, next: merge }
                    wc: { agent: c, next: merge }
                    merge: { join: true, next: done }
                    done: { end: completed }
                """, """
                model:
                  turns:
                    - calls: [{ tool: t.do, args: { n: 1 } }]
                    - say: b is done
                    - calls: [{ tool: t.do, args: { n: 2 } }]
                    - calls: [{ tool: t.do, args: { n: 3 } }]
                    - calls: [{ tool: t.do, args: { n: 4 } }]
                    - say: a is done
                    - say: c is done
                tools:
                  t.do: { result: ok }
                """);
        // The model's turns are taken in call order, so the order of the calls is the order of the turns.
        List<String> order = r.events().stream().filter(e -> e instanceof RunEvent.ModelRequested)
                .map(RunEvent::agent).toList();
        assertThat(order).containsExactly("a", "b", "c", "a", "c", "a", "c");
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    }

    /** A model that never answers until it is interrupted. */
    private static final ModelPort SILENT = new ModelPort() {
        @Override
        public String binding() {
            return "test:silent";
        }

        @Override
        public ModelResponse respond(ModelRequest request) {
            try {
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ModelResponse("too late", List.of(), 1, 1, 0);
        }
    };

    @Test
    void theDeadlineCancelsAModelCallThatNeverAnswers() throws Exception {
        HarnessReader.Loaded h = harness(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: deadline, deadline: 1s }
                """);
        ScenarioReader.Loaded s = scenario("model:\n  turns:\n    - say: x\n");
        List<RunEvent> events = new ArrayList<>();
        long start = System.nanoTime();
        ScenarioRunner.Report r = assertTimeoutPreemptively(NEVER_HANGS, () -> new ScenarioRunner(Optional.empty(),
                Clock.systemUTC(), () -> "r").prepare(h, s, events::add, SILENT, Bindings.Pause.none()).run());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.result().outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.result().rule()).isEqualTo("deadline");
        assertThat(r.result().reason()).contains("model call was cancelled");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    /** A clock whose first reading is ten seconds before every later one: slow work before the run starts. */
    static final class SlowStart extends Clock {
        private boolean read;

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
            Instant t = read ? Instant.EPOCH.plusSeconds(10) : Instant.EPOCH;
            read = true;
            return t;
        }
    }

    @Test
    void theDeadlinesClockStartsAtRunStarted() throws Exception {
        Ran r = run(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: deadline, deadline: 5s }
                  - { id: budget, steps: { max: 2 } }
                """, "model:\n  turns:\n    - calls: [{ tool: t.do, args: {} }]\n  repeat: last\n"
                + "tools:\n  t.do: { result: ok }\n", new SlowStart());
        assertThat(r.rule()).isEqualTo("budget");
    }

    @Test
    void aParallelNodeThatListsItselfIsRefusedByTheEngine() throws Exception {
        HarnessReader.Loaded valid = harness(AGENTS + """
                workflow:
                  start: split
                  nodes:
                    split: { parallel: [wa, wb], join: merge }
                    wa: { agent: a, next: merge }
                    wb: { agent: b, next: merge }
                    merge: { join: true, next: done }
                    done: { end: completed }
                """);
        Harness h = valid.harness();
        // The validator refuses this document, so the graph is changed after reading, as a caller of the engine could.
        Map<String, Node> nodes = new LinkedHashMap<>(h.workflow().nodes());
        nodes.put("split", new Node.ParallelNode("split", List.of("split", "wa"), "merge"));
        Harness looped = new Harness(h.name(), h.description(), h.agents(), new Workflow("split", nodes), h.guards(),
                h.permissions(), h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits());
        ScenarioReader.Loaded s = scenario("model:\n  turns:\n    - say: x\n  repeat: last\n");
        List<RunEvent> events = new ArrayList<>();
        ScenarioRunner.Report r = assertTimeoutPreemptively(NEVER_HANGS, () -> new ScenarioRunner(Optional.empty(),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> "r")
                .run(new HarnessReader.Loaded(looped, valid.source(), valid.warnings()), s, events::add));
        assertThat(r.result().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.result().rule()).isEqualTo("workflow.nodes.split.branches");
        assertThat(events.getLast()).isInstanceOf(RunEvent.RunEnded.class);
    }

    /** Runs {@code harness} on a thread with a small stack, so that a walk that recurses per node overflows. */
    private ScenarioRunner.Report runOnSmallStack(Harness harness) throws Exception {
        HarnessReader.Loaded valid = harness(AGENTS + """
                workflow:
                  start: done
                  nodes:
                    done: { end: completed }
                """);
        ScenarioReader.Loaded s = scenario("model:\n  turns:\n    - say: x\n");
        HarnessReader.Loaded loaded = new HarnessReader.Loaded(harness, valid.source(), valid.warnings());
        ScenarioRunner.Report[] report = new ScenarioRunner.Report[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                report[0] = new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                        () -> "r").run(loaded, s, e -> {});
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join(Duration.ofSeconds(60));
        assertThat(thrown[0]).as("the walk threw").isNull();
        return report[0];
    }

    private static Harness withNodes(Harness base, String start, Map<String, Node> nodes, RunLimits limits) {
        return new Harness(base.name(), base.description(), base.agents(), new Workflow(start, nodes), List.of(),
                base.permissions(), base.context(), base.coordination(), base.onError(), Map.of(), base.tools(),
                base.sandbox(), limits);
    }

    @Test
    void deeplyNestedParallelNodesRunWithoutDeepRecursion() throws Exception {
        Harness base = harness(AGENTS + "workflow:\n  start: done\n  nodes:\n    done: { end: completed }\n")
                .harness();
        int depth = 5_000;
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < depth; i++) {
            String inner = i + 1 < depth ? "p" + (i + 1) : "y";
            nodes.put("p" + i, new Node.ParallelNode("p" + i, List.of(inner, "x" + i), "j" + i));
            nodes.put("x" + i, new Node.CheckNode("x" + i, "true", "j" + i, "j" + i, Optional.empty()));
            nodes.put("j" + i, new Node.JoinNode("j" + i, List.of(Edge.to(i == 0 ? "done" : "j" + (i - 1)))));
        }
        nodes.put("y", new Node.CheckNode("y", "true", "j" + (depth - 1), "j" + (depth - 1), Optional.empty()));
        nodes.put("done", new Node.EndNode("done", Outcome.COMPLETED));
        ScenarioRunner.Report r = runOnSmallStack(withNodes(base, "p0", nodes,
                new RunLimits(100, 1_000_000, 100_000)));
        assertThat(r.result().outcome()).as(r.result().reason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aWorkflowOfAHundredThousandNodesRuns() throws Exception {
        Harness base = harness(AGENTS + "workflow:\n  start: done\n  nodes:\n    done: { end: completed }\n")
                .harness();
        int size = 100_000;
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String next = i + 1 < size ? "c" + (i + 1) : "done";
            nodes.put("c" + i, new Node.CheckNode("c" + i, "true", next, next, Optional.empty()));
        }
        nodes.put("done", new Node.EndNode("done", Outcome.COMPLETED));
        ScenarioRunner.Report r = runOnSmallStack(withNodes(base, "c0", nodes,
                new RunLimits(100, 1_000_000, 200_000)));
        assertThat(r.result().outcome()).as(r.result().reason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void theDeadlineCancelsAToolCallThatNeverReturnsAndInterruptsIt() throws Exception {
        Harness h = harness(AGENTS + """
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: done }
                    done: { end: completed }
                guards:
                  - { id: deadline, deadline: 1s }
                """).harness();
        ModelPort callsTheTool = new ModelPort() {
            @Override
            public String binding() {
                return "test:tool";
            }

            @Override
            public ModelResponse respond(ModelRequest request) {
                return new ModelResponse("", List.of(new ToolCall("t.do", "{}")), 1, 1, 0);
            }
        };
        CountDownLatch interrupted = new CountDownLatch(1);
        ToolPort hangs = (agent, call) -> {
            try {
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return ToolResult.ok("too late");
        };
        List<RunEvent> events = new ArrayList<>();
        Bindings b = new Bindings(callsTheTool, hangs, PermissionGate.of(h, Optional.empty()), Approver.nobody(),
                (agent, messages) -> "summary", Clock.systemUTC(), TokenCounter.cl100k(), Bindings.Pause.none());
        RunResult r = assertTimeoutPreemptively(NEVER_HANGS, () -> new Engine(h, b, events::add).run("task"));
        assertThat(r.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(r.rule()).isEqualTo("deadline");
        assertThat(r.reason()).contains("tool call was cancelled");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the tool's thread was interrupted").isTrue();
        assertThat(events.getLast()).isInstanceOf(RunEvent.RunEnded.class);
    }
}
