package dev.bridle.engine;

import dev.bridle.context.ContextEntry;
import dev.bridle.guard.Guard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a run at one moment, for the debugger's state inspector: each agent's context with token counts and
 * pins, the variables, the guard meters, and who holds which lock.
 */
public record RunSnapshot(
        long seq,
        int step,
        String node,
        String agent,
        Map<String, List<ContextEntry>> contexts,
        Map<String, Integer> contextTokens,
        Map<String, Object> variables,
        List<Guard.Meter> meters,
        Map<String, String> locks) {

    static RunSnapshot of(Run run) {
        RunState s = run.state;
        Map<String, List<ContextEntry>> contexts = new LinkedHashMap<>();
        Map<String, Integer> tokens = new LinkedHashMap<>();
        s.contexts.forEach((agent, ctx) -> {
            contexts.put(agent, ctx.entries());
            tokens.put(agent, ctx.tokens());
        });
        return new RunSnapshot(run.seq, s.steps, s.node, s.agent, contexts, tokens, new TreeMap<>(s.vars),
                run.guards == null ? List.of() : run.guards.meters(s), run.locks.owners());
    }
}
