package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/** Triggers once the run (or its agent) has taken the maximum number of steps. */
public final class StepGuard implements Guard {

    private final GuardSpec.Steps spec;

    public StepGuard(GuardSpec.Steps spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    private int count(StepFacts f) {
        return spec.agent().map(f::steps).orElseGet(f::steps);
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        return count(facts) >= spec.max() ? Optional.of(spec.describe()) : Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "steps", count(facts), spec.max()));
    }
}
