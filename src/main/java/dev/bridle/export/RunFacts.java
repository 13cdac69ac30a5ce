package dev.bridle.export;

import dev.bridle.event.RunEvent;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Scenario;
import dev.bridle.tool.StubTools;
import dev.bridle.tool.ToolResult;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run decided from that its events do not carry: the run variables each tool call set (by the {@code seq} of
 * its {@code tool.completed} event) and the text of each summary (by the {@code seq} of its {@code context.compacted}
 * event). A what-if needs both to take the same decisions again: checks and completion criteria read the variables,
 * and a summary's size decides the next compaction.
 */
public record RunFacts(Map<Long, Map<String, Object>> sets, Map<Long, String> summaries) {

    /** No facts beyond the events (a recording from the store, or one made before facts were written). */
    public static final RunFacts NONE = new RunFacts(Map.of(), Map.of());

    public RunFacts {
        // Sorted by seq, so that the facts read in the order the run made them.
        sets = Collections.unmodifiableSortedMap(new TreeMap<>(sets));
        summaries = Collections.unmodifiableSortedMap(new TreeMap<>(summaries));
    }

    public boolean isEmpty() {
        return sets.isEmpty() && summaries.isEmpty();
    }

    /**
     * The facts of a run of {@code scenario}, from its scripted tool replies and summaries, given out again in the
     * order the run used them. Each reply is matched to the call's recorded result: where they differ the replay
     * stops attaching variables rather than guess.
     */
    public static RunFacts ofScenario(Scenario scenario, List<RunEvent> events) {
        StubTools stubs = new StubTools(scenario.tools());
        Deque<String> scripted = new ArrayDeque<>(scenario.script().summaries());
        Map<Long, Map<String, Object>> sets = new HashMap<>();
        Map<Long, String> summaries = new HashMap<>();
        Map<String, ToolCall> requested = new HashMap<>();
        Map<String, Boolean> refused = new HashMap<>();
        boolean consistent = true;
        for (RunEvent e : events) {
            switch (e) {
                case RunEvent.ToolRequested t -> {
                    requested.put(t.agent(), new ToolCall(t.tool(), t.args()));
                    refused.put(t.agent(), false);
                }
                case RunEvent.PermissionChecked p when !p.effect().equals("allow") && !p.effect().equals("ask") ->
                        refused.put(p.agent(), true);
                case RunEvent.LockRefused l -> refused.put(l.agent(), true);
                case RunEvent.GuardTriggered g when g.verdict().equals("deny") -> refused.put(g.agent(), true);
                case RunEvent.ApprovalAnswered a when !a.approved() && a.agent() != null -> refused.put(a.agent(), true);
                case RunEvent.ToolCompleted t -> {
                    ToolCall call = requested.remove(t.agent());
                    if (consistent && call != null && !refused.getOrDefault(t.agent(), false) && stubs.has(call.tool())) {
                        ToolResult r = stubs.call(t.agent(), call);
                        if (r.ok() != t.ok() || !r.output().equals(t.result())) {
                            consistent = false;
                        } else if (!r.sets().isEmpty()) {
                            sets.put(t.seq(), r.sets());
                        }
                    }
                }
                case RunEvent.ContextCompacted c when c.strategy().equals("summarize") && !scripted.isEmpty() ->
                        summaries.put(c.seq(), scripted.pollFirst());
                default -> {}
            }
        }
        return new RunFacts(sets, summaries);
    }
}
