package dev.bridle.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.GuardSpec;
import org.junit.jupiter.api.Test;

class StepGuardTest {

    private final StepGuard guard = new StepGuard(new GuardSpec.Steps("budget", 3));

    @Test
    void carriesOnBelowTheLimit() {
        assertThat(guard.afterStep(() -> 2)).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void stopsWhenTheLimitIsReachedAndNamesItself() {
        assertThat(guard.afterStep(() -> 3)).isEqualTo(new Verdict.Stop("budget", "steps.max=3"));
    }

    @Test
    void firstStoppingGuardWinsInDocumentOrder() {
        Guards guards = Guards.of(java.util.List.of(new GuardSpec.Steps("wide", 10), new GuardSpec.Steps("tight", 2)));
        assertThat(guards.afterStep(() -> 2)).isEqualTo(new Verdict.Stop("tight", "steps.max=2"));
        assertThat(guards.afterStep(() -> 10)).isEqualTo(new Verdict.Stop("wide", "steps.max=10"));
    }
}
