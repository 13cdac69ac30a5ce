package dev.bridle.guard;

import dev.bridle.expr.Condition;
import dev.bridle.expr.ExprFailure;
import dev.bridle.expr.Expressions;
import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/**
 * A completion criterion: once its condition holds after a step, the run ends as completed. A condition that cannot
 * be evaluated yet (a variable not set) does not hold.
 */
public final class CompletionGuard implements Guard {

    private final GuardSpec.Complete spec;
    private final Condition condition;

    public CompletionGuard(GuardSpec.Complete spec) throws ExprFailure {
        this.spec = spec;
        this.condition = Expressions.condition(spec.when());
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        try {
            return condition.test(facts.activation()) ? Optional.of(spec.describe()) : Optional.empty();
        } catch (ExprFailure e) {
            return Optional.empty();
        }
    }
}
