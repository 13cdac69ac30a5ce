package dev.bridle.guard;

import dev.bridle.expr.Condition;
import dev.bridle.expr.ExprFailure;
import dev.bridle.expr.Expressions;
import dev.bridle.policy.GuardSpec;
import java.util.Map;
import java.util.Optional;

/**
 * A custom rule, {@code when: CEL, then: warn|deny|ask|stop}, checked before every tool call. A condition that fails
 * to evaluate (a cap reached, a missing key) triggers: the rule fails closed.
 */
public final class RuleGuard implements Guard {

    private final GuardSpec.Custom spec;
    private final Condition condition;

    public RuleGuard(GuardSpec.Custom spec) throws ExprFailure {
        this.spec = spec;
        this.condition = Expressions.condition(spec.when());
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> beforeToolCall(StepFacts facts, Map<String, Object> activation) {
        try {
            return condition.test(activation) ? Optional.of(spec.describe()) : Optional.empty();
        } catch (ExprFailure e) {
            return Optional.of(spec.describe() + " (failed closed: " + e.getMessage() + ")");
        }
    }
}
