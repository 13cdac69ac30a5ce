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
        assertThat(guard.afterStep(facts)).isEmpty();
    }

    @Test
    void triggersWhenTheLimitIsReachedAndDescribesIt() {
        facts.steps = 3;
        assertThat(guard.afterStep(facts)).contains("steps.max=3");
    }

    @Test
    void firstTriggeringGuardDecidesInDocumentOrderAndNamesItself() throws Exception {
        Guards guards = Guards.of(List.of(new GuardSpec.Steps("wide", 10), new GuardSpec.Steps("tight", 2)));
        facts.steps = 2;
        assertThat(guards.afterStep(facts))
                .isEqualTo(new Verdict.Triggered("tight", Verdict.Action.STOP, "steps.max=2",
                        "The harness's guard 'tight' warns: steps.max=2"));
    }

    @Test
    void stagesEscalateOnRepeatedTriggersAndTheLastStageRepeats() throws Exception {
        Guards guards = Guards.of(List.of(new GuardSpec.Steps("budget", 1, Optional.empty(),
                List.of(GuardSpec.Stage.WARN, GuardSpec.Stage.ESCALATE, GuardSpec.Stage.STOP))));
        facts.steps = 1;
        assertThat(guards.afterStep(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.WARN);
        assertThat(guards.afterStep(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.ESCALATE);
        assertThat(guards.afterStep(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.STOP);
        assertThat(guards.afterStep(facts)).extracting(v -> ((Verdict.Triggered) v).action())
                .isEqualTo(Verdict.Action.STOP);
    }

    @Test
    void meterShowsProgressTowardTheLimit() {
        facts.steps = 7;
        assertThat(new StepGuard(new GuardSpec.Steps("budget", 40)).meter(facts)).get().asString()
                .isEqualTo("steps 7/40");
    }
}
