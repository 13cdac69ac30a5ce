package dev.bridle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.scenario.ScenarioRunner;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhyTest {

    private static ScenarioRunner.Report run(String harness, String scenario) throws Exception {
        return new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "w")
                .run(Samples.scenario(harness, scenario), EventSink.none());
    }

    @Test
    void aDenialIsExplainedByEveryRuleConsidered() throws Exception {
        ScenarioRunner.Report r = run("over-trusted-agent", "contained");
        List<RunEvent> events = r.events();
        RunEvent secret = events.stream().filter(e -> e instanceof RunEvent.PermissionChecked p
                && p.rule().equals("no-secrets")).findFirst().orElseThrow();
        String why = Why.explain(r.harness().harness(), events, secret);
        assertThat(why).startsWith("deny by rule 'no-secrets': fs.read docs/secrets/token.txt")
                .contains("decision: deny by no-secrets")
                .contains("rule read-docs allow: matched")
                .contains("rule docs-site allow: tool did not match");
    }

    @Test
    void aGuardIsExplainedByItsDeclarationAndWhatItSaw() throws Exception {
        ScenarioRunner.Report r = run("runaway-agent", "loops-forever");
        RunEvent stop = r.events().stream().filter(e -> e instanceof RunEvent.GuardTriggered).findFirst().orElseThrow();
        assertThat(Why.explain(HarnessReader.read(Samples.harness("runaway-agent")).harness(), r.events(), stop))
                .isEqualTo("guard 'budget' decided stop at step 12.\ndeclared as: steps guard: steps.max=12; stages"
                        + " [stop]\nwhat it saw: steps=12 (limit steps.max=12)");
    }

    @Test
    void theEndOfARunNamesItsRule() throws Exception {
        ScenarioRunner.Report r = run("interfering-agents", "same-file");
        assertThat(Why.explain(r.harness().harness(), r.events(), r.events().getLast()))
                .contains("ended completed").contains("rule: done");
        RunEvent refused = r.events().stream().filter(e -> e instanceof RunEvent.LockRefused).findFirst().orElseThrow();
        assertThat(Why.explain(r.harness().harness(), r.events(), refused))
                .startsWith("coordination.locks: RELEASE.md is held by agent 'writer-a'");
    }
}
