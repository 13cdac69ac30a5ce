package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/** A cost budget, from the tokens spent and a price per million input and output tokens. */
public final class CostGuard implements Guard {

    private final GuardSpec.Cost spec;

    public CostGuard(GuardSpec.Cost spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    double cost(StepFacts f) {
        return (f.tokensIn() * spec.inputPerMillion() + f.tokensOut() * spec.outputPerMillion()) / 1_000_000.0;
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        double cost = cost(facts);
        return cost >= spec.max()
                ? Optional.of(spec.describe() + String.format(" (spent %.4f)", cost))
                : Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return Optional.of(new Meter(spec.id(), "cost", cost(facts), spec.max()));
    }
}
