package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/**
 * Triggers when another step would begin beyond the maximum: checked before a model call, so that an answer in the
 * last allowed step completes the run. A per-agent limit is checked before that agent's calls only.
 */
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
    public Optional<String> beforeModelCall(StepFacts facts) {
        if (spec.agent().isPresent() && !spec.agent().get().equals(facts.agent())) {
            return Optional.empty();
        }
        int steps = count(facts);
        // What it saw, then the limit: "steps.max=12" alone would say nothing the declaration does not.
        return steps >= spec.max() ? Optional.of("steps=" + steps + " (limit " + spec.describe() + ")")
                : Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "steps", count(facts), spec.max()));
    }
}
