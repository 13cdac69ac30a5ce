package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;

/** Stops the run once it has taken the maximum number of steps. */
public final class StepGuard implements Guard {

    private final GuardSpec.Steps spec;

    public StepGuard(GuardSpec.Steps spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public Verdict afterStep(RunProgress progress) {
        return progress.steps() >= spec.max() ? new Verdict.Stop(spec.id(), spec.describe()) : Verdict.CONTINUE;
    }
}
