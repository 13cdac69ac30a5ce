package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/** Triggers after the given number of empty replies in a row (no text and no tool call). */
public final class StallGuard implements Guard {

    private final GuardSpec.Stall spec;
    private int empty;

    public StallGuard(GuardSpec.Stall spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        if (spec.agent().isPresent() && !spec.agent().get().equals(facts.agent())) {
            return Optional.empty();
        }
        empty = facts.lastReplyEmpty() ? empty + 1 : 0;
        if (empty >= spec.after()) {
            empty = 0;
            return Optional.of(spec.describe() + ": " + spec.after() + " empty replies in a row");
        }
        return Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "empty replies", empty, spec.after()));
    }
}
