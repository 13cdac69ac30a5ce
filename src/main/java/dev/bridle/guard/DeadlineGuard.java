package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Durations;
import java.time.Duration;
import java.util.Optional;

/** Triggers once the run has lasted longer than its deadline, checked before every model call and after every step. */
public final class DeadlineGuard implements Guard {

    private final GuardSpec.Deadline spec;

    public DeadlineGuard(GuardSpec.Deadline spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    private Optional<String> check(StepFacts facts) {
        Duration elapsed = facts.elapsed();
        // What it saw, then the limit, as the step guard says it.
        return elapsed.compareTo(spec.limit()) >= 0
                ? Optional.of("elapsed=" + Durations.format(elapsed) + " (limit " + spec.describe() + ")")
                : Optional.empty();
    }

    @Override
    public Optional<String> beforeModelCall(StepFacts facts) {
        return check(facts);
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        return check(facts);
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "seconds", facts.elapsed().toMillis() / 1000.0,
                spec.limit().toMillis() / 1000.0));
    }
}
