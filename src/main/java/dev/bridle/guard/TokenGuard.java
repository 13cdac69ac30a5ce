package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;

/**
 * Token budgets: the context about to be sent and the total spent, both checked before every model call (after
 * compaction), so that a step that answers within the budget completes; a per-agent budget is checked before that
 * agent's calls only.
 */
public final class TokenGuard implements Guard {

    private final GuardSpec.Tokens spec;

    public TokenGuard(GuardSpec.Tokens spec) {
        this.spec = spec;
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    private long total(StepFacts f) {
        return spec.agent().map(f::tokensTotal).orElseGet(f::tokensTotal);
    }

    @Override
    public Optional<String> beforeModelCall(StepFacts facts) {
        if (spec.agent().isPresent() && !spec.agent().get().equals(facts.agent())) {
            return Optional.empty();
        }
        if (spec.context() > 0 && facts.contextTokens() > spec.context()) {
            return Optional.of("tokens.context=" + spec.context() + " (context is " + facts.contextTokens() + ")");
        }
        if (spec.total() > 0 && total(facts) >= spec.total()) {
            return Optional.of("tokens.total=" + spec.total() + " (spent " + total(facts) + ")");
        }
        return Optional.empty();
    }

    @Override
    public Optional<Meter> meter(StepFacts facts) {
        return spec.context() > 0
                ? Optional.of(new Meter(spec.id(), "tokens", facts.contextTokens(), spec.context()))
                : Optional.of(new Meter(spec.id(), "tokens spent", total(facts), spec.total()));
    }
}
