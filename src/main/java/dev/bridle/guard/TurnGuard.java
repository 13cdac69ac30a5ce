package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/** Triggers when an agent turn would start beyond the maximum number of turns. */
public final class TurnGuard implements Guard {

    private final GuardSpec.Turns spec;

    public TurnGuard(GuardSpec.Turns spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    private int count(StepFacts f) {
        return spec.agent().map(f::turns).orElseGet(f::turns);
    }

    @Override
    public Optional<String> beforeModelCall(StepFacts facts) {
        if (spec.agent().isPresent() && !spec.agent().get().equals(facts.agent())) {
            return Optional.empty();
        }
        int turns = count(facts);
        // What it saw, then the limit, as the step guard says it.
        return turns > spec.max() ? Optional.of("turns=" + turns + " (limit " + spec.describe() + ")")
                : Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "turns", count(facts), spec.max()));
    }
}
