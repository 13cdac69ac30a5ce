package dev.bridle.guard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Step facts for guard tests and benchmarks: plain values, changed between checks. */
public final class Facts implements StepFacts {
    public int steps;
    public int turns;
    public long tokensIn;
    public long tokensOut;
    public int contextTokens;
    public Duration elapsed = Duration.ZERO;
    public String agent = "a";
    public List<String> lastActions = List.of();
    public boolean lastReplyEmpty;
    public long digest;
    public Map<String, Object> activation = Map.of();

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int steps(String agent) {
        return steps;
    }

    @Override
    public int turns() {
        return turns;
    }

    @Override
    public int turns(String agent) {
        return turns;
    }

    @Override
    public long tokensTotal() {
        return tokensIn + tokensOut;
    }

    @Override
    public long tokensTotal(String agent) {
        return tokensIn + tokensOut;
    }

    @Override
    public long tokensIn() {
        return tokensIn;
    }

    @Override
    public long tokensOut() {
        return tokensOut;
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String agent() {
        return agent;
    }

    @Override
    public List<String> lastActions() {
        return lastActions;
    }

    @Override
    public boolean lastReplyEmpty() {
        return lastReplyEmpty;
    }

    @Override
    public long stateDigest() {
        return digest;
    }

    @Override
    public Map<String, Object> activation() {
        return activation;
    }
}
