package dev.bridle.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.GuardSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepGuardTest {

    private final StepGuard guard = new StepGuard(new GuardSpec.Steps("budget", 3));
    private final Facts facts = new Facts();

    @Test
    void carriesOnBelowTheLimit() {
        facts.steps = 2;
        assertThat(guard.beforeModelCall(facts)).isEmpty();
    }

    @Test
    void triggersWhenAnotherStepWouldBeginBeyondTheLimitAndDescribesIt() {
        facts.steps = 3;
        assertThat(guard.beforeModelCall(facts)).contains("steps=3 (limit steps.max=3)");
    }

    @Test
    void anAnswerInTheLastAllowedStepIsNotStopped() {
        facts.steps = 3;
        assertThat(guard.afterStep(facts)).isEmpty();
    }

    @Test
    void aPerAgentLimitWaitsForThatAgentsNextStep() {
        StepGuard coder = new StepGuard(new GuardSpec.Steps("coder-budget", 3, Optional.of("coder"),
                GuardSpec.STOP_ONLY));
        facts.steps = 3;
        facts.agent = "reviewer";
        assertThat(coder.beforeModelCall(facts)).isEmpty();
        facts.agent = "coder";
        assertThat(coder.beforeModelCall(facts)).contains("steps=3 (limit steps.max=3)");
    }

    @Test
    void firstTriggeringGuardDecidesInDocumentOrderAndNamesItself() throws Exception {
        Guards guards = Guards.of(List.of(new GuardSpec.Steps("wide", 10), new GuardSpec.Steps("tight", 2)));
        facts.steps = 2;
        assertThat(guards.beforeModelCall(facts))
                .isEqualTo(new Verdict.Triggered("tight", Verdict.Action.STOP, "steps=2 (limit steps.max=2)",
                        "The harness's guard 'tight' warns: steps=2 (limit steps.max=2)"));
    }

    @Test
    void everyGuardThatReachedItsLimitIsReportedInDocumentOrder() throws Exception {
        Guards guards = Guards.of(List.of(new GuardSpec.Steps("first", 2), new GuardSpec.Steps("second", 2)));
        facts.steps = 2;
        assertThat(guards.beforeModelCallAll(facts)).extracting(Verdict.Triggered::guard)
                .containsExactly("first", "second");
    }

    @Test
    void stagesEscalateOnRepeatedTriggersAndTheLastStageRepeats() throws Exception {
        Guards guards = Guards.of(List.of(new GuardSpec.Steps("budget", 1, Optional.empty(),
                List.of(GuardSpec.Stage.WARN, GuardSpec.Stage.ESCALATE, GuardSpec.Stage.STOP))));
        facts.steps = 1;
        assertThat(guards.beforeModelCall(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.WARN);
        assertThat(guards.beforeModelCall(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.ESCALATE);
        assertThat(guards.beforeModelCall(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.STOP);
        assertThat(guards.beforeModelCall(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.STOP);
    }

    @Test
    void meterShowsProgressTowardTheLimit() {
        facts.steps = 7;
        assertThat(new StepGuard(new GuardSpec.Steps("budget", 40)).meter(facts)).get().asString()
                .isEqualTo("steps 7/40");
    }
}
