package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/** Triggers when the state digest (variables and files written) has not changed for the given number of steps. */
public final class NoProgressGuard implements Guard {

    private final GuardSpec.NoProgress spec;
    private long digest;
    private int unchanged = -1;

    public NoProgressGuard(GuardSpec.NoProgress spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        long d = facts.stateDigest();
        if (unchanged < 0 || d != digest) {
            digest = d;
            unchanged = unchanged < 0 ? 1 : 0;
        } else {
            unchanged++;
        }
        if (unchanged >= spec.steps()) {
            unchanged = 0;
            return Optional.of(spec.describe() + ": the state has not changed for " + spec.steps() + " steps");
        }
        return Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "unchanged", Math.max(0, unchanged), spec.steps()));
    }
}
