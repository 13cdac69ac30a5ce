package dev.bridle.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.GuardSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A limit guard's verdict says what it saw, then the limit: "Why?" shows it as "what it saw". */
class LimitVerdictTest {

    private final Facts facts = new Facts();

    @Test
    void theStepGuardSaysHowManyStepsItCounted() {
        facts.steps = 12;
        assertThat(new StepGuard(new GuardSpec.Steps("budget", 12)).beforeModelCall(facts))
                .contains("steps=12 (limit steps.max=12)");
    }

    @Test
    void theTurnGuardSaysHowManyTurnsItCounted() {
        facts.turns = 4;
        TurnGuard guard = new TurnGuard(new GuardSpec.Turns("turns", 3, Optional.empty(), GuardSpec.STOP_ONLY));
        assertThat(guard.beforeModelCall(facts)).contains("turns=4 (limit turns.max=3)");
    }

    @Test
    void theDeadlineGuardSaysHowLongTheRunHadLasted() {
        facts.elapsed = Duration.ofMillis(2_350);
        DeadlineGuard guard = new DeadlineGuard(new GuardSpec.Deadline("deadline", Duration.ofSeconds(2),
                Optional.empty(), GuardSpec.STOP_ONLY));
        assertThat(guard.afterStep(facts)).contains("elapsed=2350ms (limit deadline=2s)");
        facts.elapsed = Duration.ofMillis(1_999);
        assertThat(guard.afterStep(facts)).isEmpty();
    }
}
