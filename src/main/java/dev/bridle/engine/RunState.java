package dev.bridle.engine;

import dev.bridle.context.ContextWindow;
import dev.bridle.guard.StepFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable state of one run: counters, variables, each agent's context, files written. Guards read it through
 * {@link StepFacts}; checkpoints copy it. Only the engine thread touches it.
 */
final class RunState implements StepFacts {

    private final Clock clock;
    /** When the run started: {@code run.started}'s instant, which the deadline is measured from. */
    Instant started;
    int steps;
    int turns;
    long tokensIn;
    long tokensOut;
    final Map<String, Integer> agentSteps = new HashMap<>();
    final Map<String, Integer> agentTurns = new HashMap<>();
    final Map<String, Long> agentTokens = new HashMap<>();
    Map<String, Object> vars = new TreeMap<>();
    Map<String, String> written = new TreeMap<>();
    Map<String, ContextWindow> contexts = new LinkedHashMap<>();
    int maxContextTokens;
    int compactions;

    // The step being checked.
    String agent = "";
    String node = "";
    int contextTokens;
    List<String> lastActions = List.of();
    boolean lastReplyEmpty;
    Map<String, Object> last = Map.of();

    RunState(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    /** What a checkpoint keeps: variables, files written and contexts; counters and budgets go on. */
    record Snapshot(String checkpoint, String next, Map<String, Object> vars, Map<String, String> written,
            Map<String, ContextWindow> contexts) {}

    Snapshot snapshot(String checkpoint, String next) {
        Map<String, ContextWindow> copies = new LinkedHashMap<>();
        contexts.forEach((k, v) -> copies.put(k, v.copy()));
        return new Snapshot(checkpoint, next, new TreeMap<>(vars), new TreeMap<>(written), copies);
    }

    void restore(Snapshot s) {
        vars = new TreeMap<>(s.vars());
        written = new TreeMap<>(s.written());
        contexts = new LinkedHashMap<>();
        s.contexts().forEach((k, v) -> contexts.put(k, v.copy()));
    }

    void countStep(String agent, int in, int out) {
        steps++;
        tokensIn += in;
        tokensOut += out;
        agentSteps.merge(agent, 1, Integer::sum);
        agentTokens.merge(agent, (long) in + out, Long::sum);
    }

    void countTurn(String agent) {
        turns++;
        agentTurns.merge(agent, 1, Integer::sum);
    }

    void set(Map<String, Object> sets) {
        sets.forEach((k, v) -> vars.put(k, CelValues.normalise(v)));
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int steps(String agent) {
        return agentSteps.getOrDefault(agent, 0);
    }

    @Override
    public int turns() {
        return turns;
    }

    @Override
    public int turns(String agent) {
        return agentTurns.getOrDefault(agent, 0);
    }

    @Override
    public long tokensTotal() {
        return tokensIn + tokensOut;
    }

    @Override
    public long tokensTotal(String agent) {
        return agentTokens.getOrDefault(agent, 0L);
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
        return Duration.between(started, clock.instant());
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
        return 31L * vars.hashCode() + written.hashCode();
    }

    @Override
    public Map<String, Object> activation() {
        return activation(Map.of());
    }

    /** The CEL variables of {@code RunStateType}, with {@code tool} bound to the call being decided. */
    Map<String, Object> activation(Map<String, Object> tool) {
        Map<String, Object> a = new HashMap<>();
        a.put("state", vars);
        a.put("steps", (long) steps);
        a.put("turns", (long) turns);
        a.put("tokens", Map.of("context", (long) contextTokens, "total", tokensTotal()));
        a.put("node", node);
        a.put("agent", agent);
        a.put("tool", tool);
        a.put("last", last);
        a.put("elapsedMs", elapsed().toMillis());
        ContextWindow ctx = contexts.get(agent);
        List<String> pinned = new ArrayList<>();
        if (ctx != null) {
            ctx.entries().stream().filter(e -> e.pinned()).forEach(e -> pinned.add(e.tag()));
        }
        a.put("context", Map.of("tokens", (long) (ctx == null ? 0 : ctx.tokens()), "pinned", pinned,
                "compactions", (long) compactions));
        return a;
    }

    List<String> agentsWithContext() {
        return new ArrayList<>(contexts.keySet());
    }
}
