package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every run ends within its caps and its deadline, with an outcome and a rule: over generated workflows (agents,
 * checks, checkpoints, edges back), fault scripts (model errors, tool errors, failing checks) and error policies
 * (retry, rollback, escalate, stop), some with no guard at all.
 */
class EveryRunEndsProperties {

    private static final int ATTEMPTS = 40;
    private static final int EVENTS = 3_000;
    private static final int TRANSITIONS = 300;
    private static final long DEADLINE_SECONDS = 120;

    /** One generated case: the harness and scenario texts. */
    record Case(String harness, String scenario, boolean deadline) {
        @Override
        public String toString() {
            return harness + "\n---\n" + scenario;
        }
    }

    @Property(tries = 300)
    void everyRunEndsWithinItsCapsWithAnOutcomeAndARule(@ForAll("cases") Case c) throws Exception {
        HarnessReader.Loaded harness = HarnessReader.parse("generated.harness.yaml", c.harness());
        ScenarioReader.Loaded scenario = ScenarioReader.parse(Path.of("generated.scenario.yaml"), c.scenario());
        List<RunEvent> events = new ArrayList<>();
        EngineBehaviourTest.Ticking clock = new EngineBehaviourTest.Ticking();
        ScenarioRunner.Report report = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new ScenarioRunner(Optional.empty(), clock, () -> "r", Approver.nobody())
                        .run(harness, scenario, events::add));
        assertThat(report.result().outcome()).isNotNull();
        assertThat(report.result().rule()).as("the rule that ended the run").isNotBlank();
        assertThat(events.getLast()).isInstanceOf(RunEvent.RunEnded.class);
        assertThat(events).hasSizeLessThanOrEqualTo(EVENTS + 1);
        assertThat(events.stream().filter(e -> e instanceof RunEvent.ModelRequested)).hasSizeLessThanOrEqualTo(
                ATTEMPTS);
        assertThat(events.stream().filter(e -> e instanceof RunEvent.NodeEntered)).hasSizeLessThanOrEqualTo(
                TRANSITIONS);
        if (c.deadline()) {
            // No model call begins after the deadline (the ticking clock moves a second on every reading).
            Duration last = Duration.between(events.getFirst().at(), events.stream()
                    .filter(e -> e instanceof RunEvent.ModelRequested).map(RunEvent::at)
                    .reduce((a, b) -> b).orElse(events.getFirst().at()));
            assertThat(last).isLessThanOrEqualTo(Duration.ofSeconds(DEADLINE_SECONDS + 5));
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<String>> kinds = Arbitraries.of("agent", "check", "checkpoint", "parallel").list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Integer>> backs = Arbitraries.integers().between(0, 5).list().ofSize(6);
        Arbitrary<List<String>> policies = Arbitraries.of("", "{ retry: 0, then: stop }",
                "{ retry: 1, then: rollback }", "{ retry: 2, then: rollback }", "{ retry: 1, then: escalate }", "{ retry: 3, then: stop }")
                .list().ofSize(6);
        Arbitrary<List<String>> turns = Arbitraries.of("- fault: error", "- say: done",
                "- calls: [{ tool: t.do, args: { n: 1 } }]", "- calls: [{ tool: t.do, args: { n: 2 } }]",
                "- say: \"\"").list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<String> guards = Arbitraries.of("guards: []", "guards:\n  - { id: budget, steps: { max: 5 } }",
                "guards:\n  - { id: deadline, deadline: " + DEADLINE_SECONDS + "s }",
                "guards:\n  - { id: loop, loop: { window: 4, repeats: 3 } }");
        Arbitrary<String> repeat = Arbitraries.of("none", "last", "all");
        Arbitrary<String> turnsTaken = Arbitraries.of("sequential", "round-robin");
        Arbitrary<String> harnessError = Arbitraries.of("", "onError: { retry: 1, then: rollback }\n",
                "onError: { retry: 2, then: escalate }\n");
        return Combinators.combine(kinds, backs, policies, turns, guards, repeat, harnessError, turnsTaken).as(
                (k, b, p, t, g, r, he, co) -> build(k, b, p, t, g, r, he + "coordination: { turns: " + co + " }\n"));
    }

    private static Case build(List<String> kinds, List<Integer> backs, List<String> policies, List<String> turns,
            String guards, String repeat, String harnessError) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < kinds.size(); i++) {
            String id = "n" + i;
            String next = i + 1 < kinds.size() ? "n" + (i + 1) : "done";
            String back = "n" + Math.min(backs.get(i), i);
            String onError = policies.get(i).isEmpty() ? "" : ", onError: " + policies.get(i);
            nodes.append("    ").append(id).append(": ");
            switch (kinds.get(i)) {
                case "agent" -> nodes.append("{ agent: a, next: [ { to: ").append(back)
                        .append(", when: \"state.ok == false\" }, { to: ").append(next).append(" } ]")
                        .append(onError).append(" }\n");
                case "check" -> nodes.append("{ check: \"state.ok == true\", then: ").append(next).append(", else: ")
                        .append(back).append(onError).append(" }\n");
                case "parallel" -> {
                    // Two branches, an agent and a check, meet at the join, which goes on along the chain.
                    nodes.append("{ parallel: [").append(id).append("a, ").append(id).append("b], join: ").append(id)
                            .append("j }\n");
                    nodes.append("    ").append(id).append("a: { agent: a, next: ").append(id).append("j")
                            .append(onError).append(" }\n");
                    nodes.append("    ").append(id).append("b: { check: \"state.ok == true\", then: ").append(id)
                            .append("j, else: ").append(id).append("j").append(onError).append(" }\n");
                    nodes.append("    ").append(id).append("j: { join: true, next: ").append(next).append(" }\n");
                }
                default -> nodes.append("{ checkpoint: true, next: ").append(next).append(" }\n");
            }
        }
        String harness = """
                bridle: 1
                name: generated
                agents:
                  a: { system: works, tools: [t.do] }
                tools:
                  t.do: {}
                permissions: { default: allow }
                run: { limits: { attempts: %d, events: %d, transitions: %d } }
                %sworkflow:
                  start: n0
                  nodes:
                %s    done: { end: completed }
                %s
                """.formatted(ATTEMPTS, EVENTS, TRANSITIONS, harnessError, nodes, guards);
        String scenario = """
                bridle: 1
                harness: generated.harness.yaml
                task: work
                model:
                  turns:
                %s
                  repeat: %s
                tools:
                  t.do:
                    replies:
                      - { result: ok, sets: { ok: false } }
                      - { error: broken }
                      - { result: ok, sets: { ok: true } }
                approvals: [approve, reject, approve]
                """.formatted(String.join("\n", turns.stream().map(s -> "    " + s).toList()), repeat);
        return new Case(harness, scenario, guards.contains("deadline"));
    }
}
